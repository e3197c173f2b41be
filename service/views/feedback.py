"""Feedback (SVC-2) and improvement report pages (SVC-2, SVC-3)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from crm.lib.dates import next_month_start, parse_month
from crm.lib.forms import as_id, errors_onto
from crm.lib.scoping import role_required
from customers.selectors.scope import customer_get_for
from service.forms import (
    ActionFormSet,
    FeedbackFilterForm,
    FeedbackForm,
    ImprovementReportForm,
    PeriodForm,
)
from service.selectors.cases import case_get_for, cases_named_for, products_known
from service.selectors.complaints import complaints_opened
from service.selectors.feedback import (
    ALL_FEEDBACK,
    REPORTS,
    bad_points,
    bad_points_grouped,
    complaints_grouped,
    feedback_list_for,
    improvement_report_get,
    improvement_reports,
)
from service.services.feedback import ActionInput, feedback_record, improvement_report_create
from service.views import PAGE_SIZE

BAD_POINTS_SHOWN = 30


@require_GET
@role_required("service.add_feedback")
def feedback_list(request):
    form = FeedbackFilterForm(request.GET)
    qs = feedback_list_for(user=request.user, **form.filters())
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "service/feedback_list.html",
        {"form": form, "page": page, "all_feedback": request.user.has_perm(ALL_FEEDBACK)},
    )


@require_http_methods(["GET", "POST"])
@role_required("service.add_feedback")
def feedback_new(request):
    case = customer = None
    raw_case = request.GET.get("case", "")
    raw_customer = request.GET.get("customer", "")
    if (case_pk := as_id(raw_case)) is not None:
        case = case_get_for(user=request.user, pk=case_pk)
    elif (customer_pk := as_id(raw_customer)) is not None:
        customer = customer_get_for(user=request.user, pk=customer_pk)
    initial = {"product": case.product} if case is not None and case.product else {}
    form = FeedbackForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_record(
                by=request.user,
                now=timezone.now(),
                case=case,
                customer=customer,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Feedback recorded. Thank you."))
            if case is not None:
                return redirect("service:case_detail", pk=case.pk)
            return redirect("service:feedback_list")
    return render(
        request,
        "service/feedback_new.html",
        {
            "form": form,
            "case": cases_named_for(user=request.user, cases=[case])[0] if case else None,
            "customer": customer,
            "products": products_known(),
        },
    )


# Improvement reports -------------------------------------------------------------------


@require_GET
@role_required(REPORTS)
def report_list(request):
    page = Paginator(improvement_reports(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "service/report_list.html", {"page": page})


def _period(request) -> tuple[PeriodForm, object, object]:
    """The period picked: ?start=&end=, or ?month=YYYY-MM, or this month to today."""
    today = timezone.localdate()
    source = request.POST if request.method == "POST" else request.GET
    if "start" in source or "end" in source:
        form = PeriodForm(source)
    else:
        first = parse_month(source.get("month", ""), today=today)
        last = next_month_start(first) - dt.timedelta(days=1)
        if first <= today < last:
            last = today
        form = PeriodForm({"start": first.isoformat(), "end": last.isoformat()})
    if form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, None, None


@require_http_methods(["GET", "POST"])
@role_required("service.add_improvementreport")
def report_new(request):
    period_form, start, end = _period(request)
    posting = request.method == "POST" and start is not None
    form = ImprovementReportForm(request.POST if posting else None)
    actions = ActionFormSet(request.POST if posting else None, prefix="actions")
    if posting and form.is_valid() and actions.is_valid():
        try:
            report = improvement_report_create(
                by=request.user,
                now=timezone.now(),
                period_start=start,
                period_end=end,
                actions=[
                    ActionInput(a["text"], a.get("department"), a.get("due_on"))
                    for a in actions.cleaned_data
                    if a
                ],
                **form.cleaned_data,
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Improvement report saved."))
            return redirect("service:report_detail", pk=report.pk)
    context = {"period_form": period_form, "form": form, "actions": actions}
    if start is not None:
        points = bad_points(start=start, end=end)
        context.update(
            start=start,
            end=end,
            grouped=bad_points_grouped(start=start, end=end),
            complaints=complaints_grouped(start=start, end=end),
            points=list(
                points.select_related("customer")
                .prefetch_related("tags")
                .order_by("-recorded_at", "-pk")[:BAD_POINTS_SHOWN]
            ),
            point_count=points.count(),
            complaint_count=complaints_opened(start=start, end=end).count(),
        )
    return render(request, "service/report_new.html", context)


@require_GET
@role_required(REPORTS)
def report_detail(request, pk: int):
    return render(request, "service/report_detail.html", {"report": improvement_report_get(pk=pk)})
