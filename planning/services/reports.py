"""Reports (VISIT-10, REPORT-1): the rep completes and submits (figures and lists frozen),
the supervisor reviews and writes guidance."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.selectors import person_name
from crm.services import notify
from planning.models import DailyReport, ReportStatus, WeeklyReport
from planning.selectors import (
    PLANS,
    REVIEWS,
    deals_of,
    new_customers_of,
    rep_scope_q,
    report_deadline,
    report_figures,
    report_may_review,
    report_period,
    week_start_of,
)


def _freeze(report) -> None:
    """Keep the figures and their lists as they stand: what the rep hands in is what the
    supervisor reads, whatever is recorded later."""
    figures = report_figures(report=report)
    report.deals_count = figures.deals_count
    report.confirmed_amount = figures.confirmed_amount
    report.new_customers_count = figures.new_customers_count
    report.visits_count = figures.visits_count
    start, end = report_period(report=report)
    report.compiled = {
        "deals": [
            {
                "deal_id": row["deal_id"],
                "customer_id": row["customer_id"],
                "customer__name": row["customer__name"],
                "confirmed": str(row["confirmed"]),
            }
            for row in deals_of(rep=report.rep, start=start, end=end)
        ],
        "new_customers": [
            {
                "customer_id": row["customer_id"],
                "customer__name": row["customer__name"],
                "first_at": row["first_at"].isoformat(),
            }
            for row in new_customers_of(rep=report.rep, start=start, end=end)
        ],
    }


def weekly_report_open(*, rep, week_start: dt.date, now: dt.datetime) -> WeeklyReport:
    """The rep's report on a finished week (the Monday job makes it; a rep may open it
    sooner or later themselves). One per rep and week."""
    if not rep.has_perm(PLANS):
        raise PermissionDenied
    if week_start >= week_start_of(timezone.localdate(now)):
        raise ValidationError(_("A week is reported once it is over."), "week")
    report, _created = WeeklyReport.objects.get_or_create(
        rep=rep, week_start=week_start, defaults={"created_at": now}
    )
    return report


def _editable_report(report, *, by):
    if by.pk != report.rep_id:
        raise PermissionDenied
    report = type(report).objects.select_for_update().select_related("rep").get(pk=report.pk)
    if report.status != ReportStatus.DRAFT:
        raise ValidationError(_("This report has been submitted; it can no longer change."))
    return report


@transaction.atomic
def weekly_report_save(
    *,
    report: WeeklyReport,
    by,
    now: dt.datetime,
    summary: str,
    problems: str,
    next_focus: str,
    submit: bool,
) -> WeeklyReport:
    """VISIT-10: the rep completes the report and, when `submit`, hands it in.

    Submitting freezes last week's figures (confirmed deals, new customers, visits) as they
    stand, needs a summary and next week's focus, and is late after the deadline (default
    Monday 18:00 after the week), recorded with the rule and its parameters.
    """
    report = _editable_report(report, by=by)
    report.summary = (summary or "").strip()
    report.problems = (problems or "").strip()
    report.next_focus = (next_focus or "").strip()
    if submit:
        errors = {}
        if not report.summary:
            errors["summary"] = _("Summarise your week before you submit.")
        if not report.next_focus:
            errors["next_focus"] = _("Say what you will focus on next week.")
        if errors:
            raise ValidationError(errors)
        _freeze(report)
        report.lateness = report_deadline(week_start=report.week_start).lateness(now)
        report.submitted_late = bool(report.lateness)
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = now
        report._change_reason = "VISIT-10"
    report.save()
    return report


def daily_report_open(*, rep, day: dt.date, now: dt.datetime) -> DailyReport:
    """REPORT-1: the rep's report on a day (today's is made when the rep opens it)."""
    if not rep.has_perm(PLANS):
        raise PermissionDenied
    if day > timezone.localdate(now):
        raise ValidationError(_("A day is reported on the day or after it."), "day")
    report, _created = DailyReport.objects.get_or_create(
        rep=rep, day=day, defaults={"created_at": now}
    )
    return report


@transaction.atomic
def daily_report_save(
    *, report: DailyReport, by, now: dt.datetime, note: str, submit: bool
) -> DailyReport:
    """REPORT-1: the rep adds a short note and, when `submit`, hands the day in (its
    figures are frozen as they stand)."""
    report = _editable_report(report, by=by)
    report.note = (note or "").strip()
    if submit:
        if not report.note:
            raise ValidationError({"note": _("Write a few words about your day.")})
        _freeze(report)
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = now
        report._change_reason = "REPORT-1"
    report.save()
    return report


@transaction.atomic
def report_review(*, report, by, now: dt.datetime, guidance: str):
    """VISIT-10, REPORT-1: the supervisor reviews a submitted report and writes guidance;
    the rep is told in the app."""
    if not by.has_perm(REVIEWS):
        raise PermissionDenied
    if not (guidance or "").strip():
        raise ValidationError({"guidance": _("Write your guidance for the rep.")})
    model = type(report)
    if not model.objects.filter(rep_scope_q(user=by), pk=report.pk).exists():
        raise PermissionDenied  # not one of the reviewer's reps
    report = model.objects.select_for_update().select_related("rep").get(pk=report.pk)
    if not report_may_review(user=by, report=report):
        raise ValidationError(
            _("This report is not waiting for review (it may have been reviewed)."), "state"
        )
    report.status = ReportStatus.REVIEWED
    report.reviewed_at = now
    report.reviewed_by = by
    report.guidance = guidance.strip()
    weekly = isinstance(report, WeeklyReport)
    report._change_reason = "VISIT-10" if weekly else "REPORT-1"
    report.save()

    if weekly:
        kind = "planning.weekly_reviewed"
        params = {"name": person_name(by), "week": report.week_start.isoformat()}
        url = reverse("planning:report_detail", args=[report.pk])
    else:
        kind = "planning.daily_reviewed"
        params = {"name": person_name(by), "day": report.day.isoformat()}
        url = reverse("planning:daily_detail", args=[report.pk])
    notify(
        user=report.rep,
        key=f"planning-reviewed:{'w' if weekly else 'd'}{report.pk}",
        kind=kind,
        params=params,
        url=url,
        rule="VISIT-10" if weekly else "REPORT-1",
        now=now,
    )
    return report
