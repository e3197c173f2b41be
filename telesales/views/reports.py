"""The two daily reports (TEL-2): compiled from the records, submitted, read by leaders."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from telesales.forms import ReportSubmitForm, parse_day
from telesales.models import ReportKind
from telesales.selectors.calls import call_figures, outcome_rows
from telesales.selectors.reports import (
    record_figures,
    record_report_rows,
    report_list_for,
    reports_missing_for,
    reports_of_day,
)
from telesales.selectors.scope import acts_as_telesales_rep, require, telesales_rep_get_for
from telesales.services.calls import day_bounds
from telesales.services.reports import call_report_submit

PAGE_SIZE = 25
RECORDS_PAGE_SIZE = 50


@require_GET
def report_list(request):
    """Submitted reports; leaders also see who has not submitted the day's reports."""
    require(request.user, "telesales.view_callreport")
    day = parse_day(request.GET.get("day"))
    leads = not request.user.has_perm("telesales.add_callreport") or request.user.has_perm(
        "telesales.add_callplan"
    )
    reports = report_list_for(user=request.user, day=day)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    missing_day = day or today
    return render(
        request,
        "telesales/reports/list.html",
        {
            "page": page,
            "day": day,
            "today": today,
            "leads": leads,
            "missing_day": missing_day,
            "missing": reports_missing_for(user=request.user, day=missing_day) if leads else [],
            "may_submit": acts_as_telesales_rep(request.user, perm="telesales.add_callreport"),
        },
    )


@require_http_methods(["GET", "POST"])
def report_day(request, user_id: int, day: dt.date):
    """One rep's day: both reports compiled from the records; the rep submits them here."""
    require(request.user, "telesales.view_callreport")
    rep = telesales_rep_get_for(user=request.user, pk=user_id)
    mine = rep.pk == request.user.pk and request.user.has_perm("telesales.add_callreport")
    today = timezone.localdate()
    if request.method == "POST":
        if not mine:
            raise PermissionDenied
        kind = request.POST.get("kind", "")
        form = ReportSubmitForm(request.POST, prefix=kind if kind in ReportKind.values else None)
        if form.is_valid():
            try:
                call_report_submit(
                    rep=rep, day=day, kind=kind, note=form.cleaned_data["note"], now=timezone.now()
                )
            except ValidationError as exc:
                for text in exc.messages:
                    messages.error(request, text)
            else:
                messages.success(
                    request,
                    _("%(report)s submitted to your supervisor.")
                    % {"report": ReportKind(kind).label},
                )
                return redirect("telesales:report_day", user_id=rep.pk, day=day)
    start, end = day_bounds(day)
    figures = call_figures(rep=rep, start=start, end=end)
    submitted = reports_of_day(rep=rep, day=day)
    records = Paginator(record_report_rows(rep=rep, day=day), RECORDS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    forms = {}
    if mine and day <= today:
        for kind in ReportKind.values:
            report = submitted.get(kind)
            forms[kind] = ReportSubmitForm(
                initial={"note": report.note if report else ""}, prefix=kind
            )
    return render(
        request,
        "telesales/reports/day.html",
        {
            "rep": rep,
            "day": day,
            "previous_day": day - dt.timedelta(days=1),
            "next_day": day + dt.timedelta(days=1) if day < today else None,
            "figures": figures,
            "outcomes": outcome_rows(figures=figures),
            "records": records,
            "record_figures": record_figures(rep=rep, day=day),
            "calls_report": submitted.get(ReportKind.CALLS),
            "records_report": submitted.get(ReportKind.RECORDS),
            "calls_form": forms.get(ReportKind.CALLS),
            "records_form": forms.get(ReportKind.RECORDS),
            "mine": mine,
        },
    )
