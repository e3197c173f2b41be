"""Report pages: the weekly report with its visit register (VISIT-10) and the daily report
(REPORT-1). The rep completes and submits; the supervisor reviews and writes guidance."""

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

from crm.lib.forms import errors_onto
from crm.lib.scoping import role_required
from planning import services
from planning.forms import DailyReportForm, ReviewForm, WeeklyReportForm
from planning.models import ReportStatus
from planning.selectors import (
    PLANS,
    daily_report_get_for,
    daily_reports_for,
    report_deadline,
    report_figures,
    report_lists,
    report_may_review,
    report_period,
    visit_records_of,
    week_start_of,
    weekly_report_get_for,
    weekly_reports_for,
)
from planning.views.common import PAGE_SIZE, parse_day, parse_week, refuse

REGISTER_PAGE_SIZE = 25
STATUS_FILTERS = ReportStatus.values


def _listed(request, qs, template: str):
    status = request.GET.get("status", "")
    if status in STATUS_FILTERS:
        qs = qs.filter(status=status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        template,
        {
            "page": page,
            "status": status,
            "statuses": ReportStatus.choices,
            "others": any(r.rep_id != request.user.pk for r in page.object_list),
        },
    )


@require_GET
def report_list(request):
    return _listed(request, weekly_reports_for(user=request.user), "planning/report_list.html")


@require_GET
def daily_list(request):
    return _listed(request, daily_reports_for(user=request.user), "planning/daily_list.html")


def _period_context(request, report) -> dict:
    """The compiled parts: figures, deals, new customers and the visit register (paged)."""
    start, end = report_period(report=report)
    records = visit_records_of(rep=report.rep, start=start, end=end)
    register = Paginator(records, REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    deals, new_customers = report_lists(report=report)
    return {
        "report": report,
        "figures": report_figures(report=report),
        "deals": deals,
        "new_customers": new_customers,
        "register": register,
        "period_end": end - dt.timedelta(days=1),
        "mine": report.rep_id == request.user.pk,
        "may_edit": report.rep_id == request.user.pk and report.status == ReportStatus.DRAFT,
        "may_review": report_may_review(user=request.user, report=report),
    }


def _start_page(request, *, kind: str, when: dt.date):
    return render(request, "planning/report_start.html", {"kind": kind, "when": when})


@require_http_methods(["GET", "POST"])
@role_required(PLANS)
def report_week(request, week: str):
    """The rep's report on a week: found on a GET, opened on a POST (the Monday job
    usually made it already)."""
    week_start = parse_week(week)
    found = (
        weekly_reports_for(user=request.user)
        .filter(rep=request.user, week_start=week_start)
        .first()
    )
    if found is not None:
        return redirect("planning:report_detail", pk=found.pk)
    now = timezone.now()
    if week_start >= week_start_of(timezone.localdate(now)):
        raise Http404
    if request.method == "POST":
        report = services.weekly_report_open(rep=request.user, week_start=week_start, now=now)
        return redirect("planning:report_detail", pk=report.pk)
    return _start_page(request, kind="weekly", when=week_start)


@require_http_methods(["GET", "POST"])
def report_detail(request, pk: int):
    report = weekly_report_get_for(user=request.user, pk=pk)
    form = WeeklyReportForm(
        request.POST or None,
        initial={
            "summary": report.summary,
            "problems": report.problems,
            "next_focus": report.next_focus,
        },
    )
    if request.method == "POST":
        if report.rep_id != request.user.pk:
            raise PermissionDenied
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                report = services.weekly_report_save(
                    report=report,
                    by=request.user,
                    now=timezone.now(),
                    submit=submit,
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                errors_onto(form, exc)
            else:
                if submit and report.submitted_late:
                    messages.warning(
                        request,
                        _(
                            "Your weekly report is submitted, after the deadline: it is recorded "
                            "as late."
                        ),
                    )
                elif submit:
                    messages.success(request, _("Your weekly report is submitted."))
                else:
                    messages.success(request, _("Saved. Submit it when it is complete."))
                return redirect("planning:report_detail", pk=report.pk)
    context = _period_context(request, report)
    context.update(
        {
            "form": form,
            "review_form": ReviewForm(),
            "deadline": report_deadline(week_start=report.week_start),
        }
    )
    return render(request, "planning/report_detail.html", context)


@require_http_methods(["GET", "POST"])
@role_required(PLANS)
def daily_day(request, day: str):
    """The rep's report on a day (today by default): found on a GET, opened on a POST."""
    when = timezone.localdate() if day == "today" else parse_day(day)
    found = daily_reports_for(user=request.user).filter(rep=request.user, day=when).first()
    if found is not None:
        return redirect("planning:daily_detail", pk=found.pk)
    if when > timezone.localdate():
        raise Http404
    if request.method == "POST":
        report = services.daily_report_open(rep=request.user, day=when, now=timezone.now())
        return redirect("planning:daily_detail", pk=report.pk)
    return _start_page(request, kind="daily", when=when)


@require_http_methods(["GET", "POST"])
def daily_detail(request, pk: int):
    report = daily_report_get_for(user=request.user, pk=pk)
    form = DailyReportForm(request.POST or None, initial={"note": report.note})
    if request.method == "POST":
        if report.rep_id != request.user.pk:
            raise PermissionDenied
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                report = services.daily_report_save(
                    report=report,
                    by=request.user,
                    now=timezone.now(),
                    submit=submit,
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                errors_onto(form, exc)
            else:
                messages.success(
                    request,
                    _("Your daily report is submitted.")
                    if submit
                    else _("Saved. Submit it when it is complete."),
                )
                return redirect("planning:daily_detail", pk=report.pk)
    context = _period_context(request, report)
    context.update({"form": form, "review_form": ReviewForm()})
    return render(request, "planning/daily_detail.html", context)


def _review(request, report, *, template: str, back: str):
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.report_review(
                report=report, by=request.user, now=timezone.now(), **form.cleaned_data
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                refuse(request, exc)
                return redirect(back, pk=report.pk)
            errors_onto(form, exc)
        else:
            messages.success(request, _("Your guidance is with the rep."))
            return redirect("planning:review_queue")
    context = _period_context(request, report)
    context.update({"review_form": form, "form": None})
    if template == "planning/report_detail.html":
        context["deadline"] = report_deadline(week_start=report.week_start)
    return render(request, template, context)


@require_POST
def report_review(request, pk: int):
    report = weekly_report_get_for(user=request.user, pk=pk)
    return _review(
        request, report, template="planning/report_detail.html", back="planning:report_detail"
    )


@require_POST
def daily_review(request, pk: int):
    report = daily_report_get_for(user=request.user, pk=pk)
    return _review(
        request, report, template="planning/daily_detail.html", back="planning:daily_detail"
    )
