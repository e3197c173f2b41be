"""Daily reports (TEL-2) and weekly call plans with their Friday review (TEL-3)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from telesales.models import CallPlan, CallReport, ReportKind
from telesales.selectors.reports import (
    report_figures,
    week_figures_by_rep,
    week_review_day,
)

PLAN_TARGETS = ("target_calls", "target_valid_calls", "target_companies", "target_a", "target_b")


@transaction.atomic
def call_report_submit(*, rep, day: dt.date, kind: str, note: str, now: dt.datetime) -> CallReport:
    """TEL-2: the rep submits one of the day's reports, compiled from the records.

    Submitting again (a call logged later that day) replaces the figures and the note;
    the history keeps what was submitted before.
    """
    if kind not in ReportKind.values:
        raise ValidationError(gettext("Unknown report."), code="kind")
    if day > timezone.localdate(now):
        raise ValidationError(gettext("A day that has not come cannot be reported."), code="day")
    figures = report_figures(rep=rep, day=day, kind=kind)
    report = CallReport.objects.select_for_update().filter(rep=rep, day=day, kind=kind).first()
    if report is None:
        report = CallReport(rep=rep, day=day, kind=kind)
    report.note = note.strip()
    report.figures = figures
    report.submitted_at = now
    report._history_user = rep
    report._history_date = now
    report.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:  # submitted twice at the same moment: the first one stands
        return CallReport.objects.get(rep=rep, day=day, kind=kind)
    return report


@transaction.atomic
def call_plan_set(*, rep, week_start: dt.date, targets: dict, by, now: dt.datetime) -> CallPlan:
    """TEL-3: the supervisor sets (or changes) a rep's plan for this week or a later one.

    A past week, or one already reviewed, keeps its plan: the review judged against it.
    """
    if week_start.weekday() != 0:
        raise ValidationError(gettext("A week starts on a Monday."), code="monday")
    today = timezone.localdate(now)
    if week_start + dt.timedelta(days=6) < today:
        raise ValidationError(gettext("This week is over; its plan can no longer change."))
    plan = CallPlan.objects.select_for_update().filter(rep=rep, week_start=week_start).first()
    if plan is not None and plan.reviewed_at is not None:
        raise ValidationError(gettext("This week is reviewed; its plan can no longer change."))
    if plan is None:
        plan = CallPlan(rep=rep, week_start=week_start)
    for name in PLAN_TARGETS:
        setattr(plan, name, targets[name])
    plan.set_by = by
    plan.set_at = now
    plan._history_user = by
    plan._history_date = now
    plan.full_clean(validate_unique=False)
    plan.save()
    return plan


@transaction.atomic
def call_plan_review(*, plan: CallPlan, comment: str, by, now: dt.datetime) -> CallPlan:
    """TEL-3: on Friday (or later) the supervisor reviews the week against the plan.

    The review keeps the figures it judged (companies called, A/B prospects gained...)
    so it still reads the same when later grades change them. A second review replaces
    the comment; the history keeps the first.
    """
    plan = CallPlan.objects.select_for_update().get(pk=plan.pk)
    review_day = week_review_day(week_start=plan.week_start)
    if timezone.localdate(now) < review_day:
        raise ValidationError(
            gettext("The week is reviewed from %(day)s on.")
            % {"day": date_format(review_day, "MONTH_DAY_FORMAT")},
            code="too_early",
        )
    if not comment.strip():
        raise ValidationError({"review_comment": gettext("Write a comment for the rep.")})
    plan.review_figures = week_figures_by_rep(rep_ids=[plan.rep_id], week_start=plan.week_start)[
        plan.rep_id
    ]
    plan.review_comment = comment.strip()
    plan.reviewed_by = by
    plan.reviewed_at = now
    plan._history_user = by
    plan._history_date = now
    plan.save()
    return plan
