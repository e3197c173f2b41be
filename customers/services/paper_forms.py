"""INTAKE-7: blank survey forms printed by the company, each with its own serial number.

`paper_forms_print` reserves the next serials of the year (one INSERT, in a transaction;
the unique constraints refuse a serial twice when two people print at once) and
`paper_forms_pdf` lays the forms out as a PDF with WeasyPrint, which embeds the subset of
the CJK font (Noto Sans CJK, via fontconfig) the text needs, so the PDF prints anywhere.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import PaperForm, SurveyTemplate

MAX_FORMS = 200


def paper_serial(year: int, number: int) -> str:
    """AX-2026-000123: the serial printed on a form and typed in when it is entered."""
    return f"AX-{year}-{number:06d}"


def paper_forms_print(
    *, template: SurveyTemplate, count: int, by, now: dt.datetime
) -> list[PaperForm]:
    """Reserve `count` new serials of this year for `template`, recorded as printed by `by`."""
    if not 1 <= count <= MAX_FORMS:
        raise ValidationError(
            {"count": _("Print between 1 and %(max)s forms at a time.") % {"max": MAX_FORMS}}
        )
    year = timezone.localdate(now).year
    try:
        with transaction.atomic():
            last = PaperForm.objects.filter(year=year).aggregate(n=Max("number"))["n"] or 0
            forms = [
                PaperForm(
                    serial=paper_serial(year, last + i),
                    year=year,
                    number=last + i,
                    template=template,
                    printed_at=now,
                    printed_by=by,
                )
                for i in range(1, count + 1)
            ]
            return PaperForm.objects.bulk_create(forms)
    except IntegrityError as exc:
        raise ValidationError(
            {"count": _("Someone printed forms at the same moment. Please print again.")}
        ) from exc


def paper_forms_pdf(*, forms: list[PaperForm], base_url: str = "", **options) -> bytes:
    """One page a form: the template's questions with room to answer, its serial on top."""
    from weasyprint import HTML  # deferred: loads Pango and fonts; only printing needs it

    questions = list(forms[0].template.questions.prefetch_related("choices")) if forms else []
    html = render_to_string(
        "customers/surveys/paper_forms.html", {"forms": forms, "questions": questions}
    )
    return HTML(string=html, base_url=base_url).write_pdf(**options)
