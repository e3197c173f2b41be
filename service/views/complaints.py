"""Complaint pages (SVC-3): the complaint form, its steps each by its role, the list and
the monthly summary."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crm.lib.dates import next_month_start, parse_month
from crm.lib.forms import errors_onto
from crm.lib.scoping import role_required
from service.forms import (
    ApologyForm,
    CompensationForm,
    ComplaintCloseForm,
    ComplaintFilterForm,
    ComplaintOpenForm,
    DisciplineForm,
    QualityTestForm,
    RemakeForm,
    VerificationForm,
)
from service.models import ComplaintStep
from service.selectors.cases import case_get_for, cases_named_for, products_known
from service.selectors.complaints import (
    STEP_RULES,
    complaint_get_for,
    complaint_may_see_discipline,
    complaint_month_list,
    complaint_of_case,
    complaint_records,
    complaint_sees_all,
    complaint_step_refusal,
    complaint_summary,
    complaints_list_for,
    reports_on_complaints_of,
)
from service.selectors.feedback import improvement_reports_of_complaint
from service.services import complaints as services
from service.views import PAGE_SIZE

# Each step: its form and the service that records it.
STEPS = {
    ComplaintStep.QUALITY_TEST: (QualityTestForm, services.complaint_quality_test),
    ComplaintStep.COMPENSATION: (CompensationForm, services.complaint_compensate),
    ComplaintStep.REMAKE: (RemakeForm, services.complaint_remake),
    ComplaintStep.VERIFICATION: (VerificationForm, services.complaint_verify),
    ComplaintStep.DISCIPLINE: (DisciplineForm, services.complaint_discipline),
    ComplaintStep.APOLOGY: (ApologyForm, services.complaint_apology),
    ComplaintStep.CLOSE: (ComplaintCloseForm, services.complaint_close),
}


@require_http_methods(["GET", "POST"])
def complaint_new(request, case_pk: int):
    case = case_get_for(user=request.user, pk=case_pk)
    existing = complaint_of_case(case=case)
    if existing is not None:
        return redirect("service:complaint_detail", pk=existing.pk)
    if not request.user.has_perm("service.add_complaint"):
        raise PermissionDenied
    form = ComplaintOpenForm(request.POST or None, initial={"product": case.product})
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.complaint_open(
                case=case, by=request.user, now=timezone.now(), **form.cleaned_data
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(
                request,
                _("Complaint form #%(number)s registered. Next: %(step)s.")
                % {
                    "number": complaint.pk,
                    "step": ComplaintStep(complaint.next_step).label,
                },
            )
            return redirect("service:complaint_detail", pk=complaint.pk)
    return render(
        request,
        "service/complaint_new.html",
        {
            "case": cases_named_for(user=request.user, cases=[case])[0],
            "form": form,
            "products": products_known(),
        },
    )


def _step_form(step: str, *, complaint, data=None):
    form_class = STEPS[step][0]
    initial = {}
    today = timezone.localdate()
    if step == ComplaintStep.DISCIPLINE and complaint.employee_id:
        initial["employee"] = complaint.employee_id
    if step in (ComplaintStep.REMAKE, ComplaintStep.APOLOGY):
        initial["done_on" if step == ComplaintStep.REMAKE else "apologised_on"] = today
    return form_class(data, initial=initial, prefix=step)


def _detail(request, complaint, *, form=None):
    user = request.user
    step = complaint.next_step
    rule = STEP_RULES.get(step)
    may_record = bool(rule) and user.has_perm(rule.permission)
    if form is None and may_record:
        form = _step_form(step, complaint=complaint)
    return render(
        request,
        "service/complaint_detail.html",
        {
            "complaint": complaint,
            "case": cases_named_for(user=user, cases=[complaint.case])[0],
            "records": complaint_records(complaint=complaint),
            "step_label": ComplaintStep(step).label if step else "",
            "step_who": rule.who if rule else "",
            "form": form if may_record else None,
            "see_discipline": complaint_may_see_discipline(user=user),
            "reports": improvement_reports_of_complaint(complaint=complaint),
        },
    )


@require_GET
def complaint_detail(request, pk: int):
    return _detail(request, complaint_get_for(user=request.user, pk=pk))


@require_POST
def complaint_step(request, pk: int, step: str):
    if step not in STEPS:
        raise Http404
    complaint = complaint_get_for(user=request.user, pk=pk)
    if refusal := complaint_step_refusal(user=request.user, complaint=complaint, step=step):
        messages.error(request, refusal)
        return redirect("service:complaint_detail", pk=complaint.pk)
    form = _step_form(step, complaint=complaint, data=request.POST)
    if form.is_valid():
        record = STEPS[step][1]
        try:
            record(complaint=complaint, by=request.user, now=timezone.now(), **form.cleaned_data)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):  # someone was faster
                messages.error(request, " ".join(exc.messages))
                return redirect("service:complaint_detail", pk=complaint.pk)
            errors_onto(form, exc)
        else:
            messages.success(request, _("%(step)s recorded.") % {"step": ComplaintStep(step).label})
            return redirect("service:complaint_detail", pk=complaint.pk)
    return _detail(request, complaint, form=form)


@require_GET
def complaint_list(request):
    form = ComplaintFilterForm(request.GET)
    qs = complaints_list_for(user=request.user, **form.filters())
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    cases_named_for(user=request.user, cases=[c.case for c in page.object_list])
    return render(
        request,
        "service/complaint_list.html",
        {
            "form": form,
            "page": page,
            "may_summarise": complaint_sees_all(user=request.user),
        },
    )


@require_GET
@role_required(complaint_sees_all)
def complaint_summary_view(request):
    month = parse_month(request.GET.get("month", ""), today=timezone.localdate())
    page = Paginator(complaint_month_list(month=month), PAGE_SIZE).get_page(request.GET.get("page"))
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    return render(
        request,
        "service/complaint_summary.html",
        {
            "summary": complaint_summary(month=month),
            "page": page,
            "month_value": month.strftime("%Y-%m"),
            "previous_month": previous.strftime("%Y-%m"),
            "next_month": next_month_start(month).strftime("%Y-%m"),
            "reports": list(reports_on_complaints_of(month=month)),
            "may_write_report": request.user.has_perm("service.add_improvementreport"),
        },
    )
