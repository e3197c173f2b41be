"""Prospects: their archive, the field rep's signed visit, grading (TEL-4), conversion."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from crm.lib.words import word_list
from crm.selectors import person_name
from crm.services import notify
from customers.models import CustomerKind, InformationSource
from customers.names import normalize_phone
from customers.selectors.customers import customer_duplicates
from customers.services.customers import contact_create, customer_create
from telesales.models import Grade, Prospect
from telesales.services.calls import REQUIRED_FIELDS, org_key

# TEL-4: a complete archive is what a valid call records (TEL-1), plus where to visit
# and what the organisation needs: the field rep cannot visit or judge without them.
ARCHIVE_FIELDS = (
    *REQUIRED_FIELDS,
    ("address", _("address")),
    ("needs", _("needs and intent")),
)
SIGN = "telesales.sign_prospect_visit"


def prospect_archive_missing(*, prospect: Prospect) -> list[str]:
    """The labels of the archive fields still empty (TEL-4)."""
    return [
        str(label)
        for name, label in ARCHIVE_FIELDS
        if getattr(prospect, name) in (None, "") or str(getattr(prospect, name)).strip() == ""
    ]


def prospect_grade_blockers(*, prospect: Prospect) -> list[str]:
    """TEL-4: what still stands between the prospect and an A or B grade."""
    blockers = []
    if prospect.signed_at is None:
        if prospect.visit_rep_id is None:
            blockers.append(gettext("no field rep has been asked to visit it"))
        else:
            blockers.append(
                gettext("%(name)s has not signed a visit yet")
                % {"name": person_name(prospect.visit_rep)}
            )
    missing = prospect_archive_missing(prospect=prospect)
    if missing:
        blockers.append(gettext("the archive lacks: %(fields)s") % {"fields": word_list(missing)})
    return blockers


def _lock(prospect: Prospect) -> Prospect:
    return Prospect.objects.select_for_update().get(pk=prospect.pk)


@transaction.atomic
def prospect_update(*, prospect: Prospect, data: dict, by, now: dt.datetime) -> Prospect:
    """Complete or correct the archive; the history keeps every version."""
    prospect = _lock(prospect)
    for field, value in data.items():
        setattr(prospect, field, value.strip() if isinstance(value, str) else value)
    prospect.organisation = " ".join(prospect.organisation.split())
    prospect.phone = normalize_phone(prospect.phone)
    key = org_key(prospect.organisation)
    if Prospect.objects.filter(org_key=key).exclude(pk=prospect.pk).exists():
        raise ValidationError(
            {"organisation": gettext("Another prospect already has this organisation name.")}
        )
    prospect.org_key = key
    prospect.updated_at = now
    prospect._history_user = by
    prospect._history_date = now
    prospect.full_clean()
    prospect.save()
    return prospect


@transaction.atomic
def prospect_visit_request(*, prospect: Prospect, field_rep, by, now: dt.datetime) -> Prospect:
    """Ask a field rep (someone with the rep role) to visit the prospect and sign (TEL-4)."""
    prospect = _lock(prospect)
    if prospect.signed_at is not None:
        raise ValidationError(gettext("The visit is already signed."), code="signed")
    if not (field_rep.is_active and field_rep.has_perm(SIGN)):
        raise ValidationError(
            {"field_rep": gettext("Only an active field rep can visit a prospect.")}
        )
    prospect.visit_rep = field_rep
    prospect.visit_requested_at = now
    prospect.updated_at = now
    prospect._history_user = by
    prospect._history_date = now
    prospect.save()
    notify(
        user=field_rep,
        key=f"telesales-visit-{prospect.pk}-{now:%Y%m%d%H%M%S}",
        kind="telesales.visit_requested",
        params={"organisation": prospect.organisation},
        url=reverse("telesales:prospect_detail", args=[prospect.pk]),
        rule="TEL-4",
        now=now,
    )
    return prospect


@transaction.atomic
def prospect_visit_sign(
    *, prospect: Prospect, by, visited_on: dt.date, note: str, now: dt.datetime
) -> Prospect:
    """TEL-4: the field rep asked to visit records the visit and signs (user + time).

    The signature vouches for the archive, so it must be complete first.
    """
    prospect = _lock(prospect)
    if prospect.signed_at is not None:
        raise ValidationError(gettext("The visit is already signed."), code="signed")
    if prospect.visit_rep_id != by.pk or not by.has_perm(SIGN):
        raise ValidationError(
            gettext("Only the field rep asked to visit this prospect may sign."), code="not_asked"
        )
    if visited_on > timezone.localdate(now):
        raise ValidationError({"visited_on": gettext("The visit cannot be in the future.")})
    if visited_on < timezone.localdate(prospect.created_at):
        raise ValidationError(
            {"visited_on": gettext("The visit cannot be before the prospect was first called.")}
        )
    missing = prospect_archive_missing(prospect=prospect)
    if missing:
        raise ValidationError(
            gettext("Complete the archive before signing; it lacks: %(fields)s")
            % {"fields": word_list(missing)},
            code="incomplete",
        )
    if not note.strip():
        raise ValidationError({"note": gettext("Write what you found at the visit.")})
    prospect.visited_on = visited_on
    prospect.visit_note = note.strip()
    prospect.signed_by = by
    prospect.signed_at = now
    prospect.updated_at = now
    prospect._history_user = by
    prospect._history_date = now
    prospect.save()
    return prospect


@transaction.atomic
def prospect_grade(*, prospect: Prospect, grade: str, by, now: dt.datetime) -> Prospect:
    """Grade a prospect. A or B only after a signed visit on a complete archive (TEL-4)."""
    prospect = _lock(prospect)
    if grade not in Grade.values and grade != "":
        raise ValidationError({"grade": gettext("Choose a grade.")})
    if grade in (Grade.A, Grade.B):
        blockers = prospect_grade_blockers(prospect=prospect)
        if blockers:
            raise ValidationError(
                gettext(
                    "A prospect becomes A or B only after a field rep visited it, its archive "
                    "is complete and the field rep signed. Not yet: %(blockers)s."
                )
                % {"blockers": "; ".join(blockers)},
                code="tel4",
            )
    if grade == prospect.grade:
        return prospect
    prospect.grade = grade
    prospect.graded_at = now if grade else None
    prospect.graded_by = by if grade else None
    prospect.updated_at = now
    prospect._history_user = by
    prospect._history_date = now
    prospect.save()
    return prospect


@transaction.atomic
def prospect_convert(*, prospect: Prospect, by, now: dt.datetime):
    """Turn an A or B prospect into a CRM customer (an organisation, source telesales).

    The field rep who visited and signed owns it by first contact (POOL-1); its contact is
    the person telesales talked to. An organisation or phone that is already a customer
    is refused and named (INTAKE-9): nobody gets a second record of it.
    """
    prospect = _lock(prospect)
    if prospect.customer_id is not None:
        raise ValidationError(gettext("This prospect is already a customer."), code="converted")
    if prospect.grade not in (Grade.A, Grade.B):
        raise ValidationError(gettext("Only an A or B prospect becomes a customer."), code="grade")
    matches = list(customer_duplicates(phone=prospect.phone, organisation=prospect.organisation))
    if matches:
        raise ValidationError(
            gettext("Already a customer: %(names)s.")
            % {
                "names": word_list(
                    f"{c.name} ({person_name(c.first_collector)})" if c.first_collector else c.name
                    for c in matches[:5]
                )
            },
            code="duplicate",
        )
    owner = prospect.signed_by if prospect.signed_by and prospect.signed_by.is_active else None
    customer = customer_create(
        data={
            "kind": CustomerKind.ORGANISATION,
            "name": prospect.organisation[:100],
            "organisation": prospect.organisation,
            "phone": prospect.phone,
            "address": prospect.address,
            "source": InformationSource.TELESALES,
            "description": prospect.needs,
        },
        by=by,
        now=now,
        owner=owner,
    )
    contact_create(
        customer=customer,
        data={
            "name": prospect.contact_surname,
            "title": f"{prospect.department} {prospect.title}".strip()[:100],
            "phone": prospect.phone,
        },
        by=by,
    )
    prospect.customer = customer
    prospect.converted_at = now
    prospect.updated_at = now
    prospect._history_user = by
    prospect._history_date = now
    prospect.save()
    return customer
