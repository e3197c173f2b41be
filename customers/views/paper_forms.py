"""INTAKE-7 / WORK-7: the page that prints blank survey forms with serial numbers as a PDF."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from crm.lib.forms import errors_onto
from crm.lib.scoping import role_required
from customers.forms.surveys import PaperFormsForm
from customers.models import PaperForm, Survey
from customers.services.paper_forms import paper_forms_pdf, paper_forms_print

RECENT = 20


@require_http_methods(["GET", "POST"])
@role_required("customers.print_paper_forms")
def paper_forms(request):
    form = PaperFormsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            printed = paper_forms_print(
                template=form.cleaned_data["template"],
                count=form.cleaned_data["count"],
                by=request.user,
                now=timezone.now(),
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            pdf = paper_forms_pdf(forms=printed, base_url=request.build_absolute_uri("/"))
            response = HttpResponse(pdf, content_type="application/pdf")
            name = f"survey-forms-{printed[0].serial}-{printed[-1].serial}.pdf"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    recent = (
        PaperForm.objects.select_related("template")
        .annotate(used=Exists(Survey.objects.filter(paper_serial=OuterRef("serial"))))
        .order_by("-printed_at", "-number")[:RECENT]
    )
    return render(
        request, "customers/surveys/paper_forms_print.html", {"form": form, "recent": recent}
    )
