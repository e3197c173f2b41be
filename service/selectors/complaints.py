"""Reads of complaints (SVC-3): who sees them, what each waits for, the monthly summary."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.lib.dates import next_month_start
from service.models import (
    Complaint,
    ComplaintCause,
    ComplaintState,
    ComplaintStep,
    ImprovementReport,
)
from service.selectors.cases import ALL_CASES, case_ids_read


@dataclass(frozen=True)
class StepRule:
    permission: str
    who: str  # who does it, for the page and the refusal message


# SVC-3: each step and who does it. A step's permission is held by the roles of
# service/roles.py and may be granted to anyone else in Django admin (a quality tester,
# someone in production).
STEP_RULES: dict[str, StepRule] = {
    ComplaintStep.QUALITY_TEST: StepRule("service.test_quality", gettext_lazy("quality testing")),
    ComplaintStep.COMPENSATION: StepRule("service.compensate", gettext_lazy("finance")),
    ComplaintStep.REMAKE: StepRule("service.record_remake", gettext_lazy("production")),
    ComplaintStep.VERIFICATION: StepRule(
        "service.verify_complaint", gettext_lazy("the service manager")
    ),
    ComplaintStep.DISCIPLINE: StepRule(
        "service.discipline", gettext_lazy("the employee's manager")
    ),
    ComplaintStep.APOLOGY: StepRule(
        "service.record_apology", gettext_lazy("the service or sales manager")
    ),
    ComplaintStep.CLOSE: StepRule("service.close_complaint", gettext_lazy("the service manager")),
}


def complaint_steps_for(*, user) -> list[str]:
    """The steps the user may record."""
    return [step for step, rule in STEP_RULES.items() if user.has_perm(rule.permission)]


def complaint_step_refusal(*, user, complaint: Complaint, step: str) -> str:
    """Why `user` may not record `step` on the complaint now; "" when they may (SVC-3)."""
    rule = STEP_RULES[step]
    label = ComplaintStep(step).label
    if not (user.is_active and user.has_perm(rule.permission)):
        return _(
            "“%(step)s” is recorded by %(who)s. You do not hold that permission; an "
            "administrator can grant it if you do this work."
        ) % {"step": label, "who": rule.who}
    if complaint.state == ComplaintState.CLOSED:
        return _("This complaint is closed.")
    if complaint.next_step != step:
        return _("This complaint is waiting for “%(waiting)s”, not “%(step)s”.") % {
            "waiting": ComplaintStep(complaint.next_step).label,
            "step": label,
        }
    return ""


def complaint_sees_all(*, user) -> bool:
    """Managers and whoever records a step see every complaint (a step may come to them)."""
    return user.is_active and (user.has_perm(ALL_CASES) or bool(complaint_steps_for(user=user)))


def complaint_may_see_discipline(*, user) -> bool:
    """The discipline measure is for managers and whoever records it, not for everyone."""
    return user.has_perm(ALL_CASES) or user.has_perm(STEP_RULES["discipline"].permission)


def complaint_qs_for(*, user) -> QuerySet[Complaint]:
    """The complaints the user may see: all (see complaint_sees_all), else those whose case
    the user may see."""
    qs = Complaint.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if complaint_sees_all(user=user):
        return qs
    ids = case_ids_read(user=user)
    return qs if ids is None else qs.filter(case_id__in=ids)


STEP_RELATIONS = (
    "quality_test__recorded_by",
    "compensation__recorded_by",
    "remake__recorded_by",
    "verification__recorded_by",
    "discipline__recorded_by",
    "discipline__employee",
    "apology__recorded_by",
)


def complaint_get_for(*, user, pk) -> Complaint:
    """One complaint with its case and every step record, or 404."""
    qs = complaint_qs_for(user=user).select_related(
        "case",
        "case__customer",
        "case__received_by",
        "employee",
        "opened_by",
        "closed_by",
        *STEP_RELATIONS,
    )
    return get_object_or_404(qs, pk=pk)


def complaint_records(*, complaint: Complaint) -> list[tuple[str, object]]:
    """The steps recorded so far, in order, as (step, record)."""
    found = []
    for step in (
        ComplaintStep.QUALITY_TEST,
        ComplaintStep.COMPENSATION,
        ComplaintStep.REMAKE,
        ComplaintStep.VERIFICATION,
        ComplaintStep.DISCIPLINE,
        ComplaintStep.APOLOGY,
    ):
        # A missing reverse one-to-one raises an AttributeError: getattr's default applies.
        record = getattr(complaint, step.value, None)
        if record is not None:
            found.append((step.value, record))
    return found


def complaint_of_case(*, case) -> Complaint | None:
    return Complaint.objects.filter(case=case).first()


# Lists ---------------------------------------------------------------------------------

WAITING_FOR_ME = "me"


def complaints_list_for(
    *, user, state: str = "", cause: str = "", waiting: str = ""
) -> QuerySet[Complaint]:
    qs = complaint_qs_for(user=user)
    if state:
        qs = qs.filter(state=state)
    if cause:
        qs = qs.filter(cause=cause)
    if waiting == WAITING_FOR_ME:
        qs = qs.filter(next_step__in=complaint_steps_for(user=user))
    return qs.select_related("case", "case__customer").order_by("-opened_at", "-pk")


def complaints_waiting_count(*, user) -> int:
    """Dashboard: complaints whose next step the user may record."""
    steps = complaint_steps_for(user=user)
    if not steps:
        return 0
    return Complaint.objects.filter(next_step__in=steps).count()


# The monthly summary (SVC-3) -----------------------------------------------------------


def day_bounds(*, start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[first moment of `start`, first moment after `end`) in the local time zone."""
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def complaints_opened(*, start: dt.date, end: dt.date) -> QuerySet[Complaint]:
    """Complaints registered from `start` to `end`, both days included."""
    lo, hi = day_bounds(start=start, end=end)
    return Complaint.objects.filter(opened_at__gte=lo, opened_at__lt=hi)


_DAYS_OPEN = ExpressionWrapper(F("closed_at") - F("opened_at"), output_field=DurationField())


def complaint_summary(*, month: dt.date) -> dict:
    """The month's complaints (registered in it): counts by cause, state and product,
    compensation totals, the average days to close those closed. Four queries."""
    last = next_month_start(month) - dt.timedelta(days=1)
    qs = complaints_opened(start=month, end=last).order_by()
    totals = qs.aggregate(
        count=Count("pk"),
        closed=Count("pk", filter=Q(state=ComplaintState.CLOSED)),
        compensated=Count("compensation"),
        compensation=Sum("compensation__amount"),
        days_open=Avg(_DAYS_OPEN, filter=Q(state=ComplaintState.CLOSED)),
    )
    causes = dict(ComplaintCause.choices)
    states = dict(ComplaintState.choices)
    by_cause = [
        {"label": causes.get(row["cause"], row["cause"]), "count": row["n"]}
        for row in qs.values("cause").annotate(n=Count("pk")).order_by("cause")
    ]
    by_state = [
        {"label": states.get(row["state"], row["state"]), "state": row["state"], "count": row["n"]}
        for row in qs.values("state").annotate(n=Count("pk")).order_by("state")
    ]
    by_product = list(
        qs.filter(cause=ComplaintCause.PRODUCT)
        .values("product")
        .annotate(count=Count("pk"), compensation=Sum("compensation__amount"))
        .order_by("-count", "product")
    )
    days_open = totals["days_open"]
    average_days = (
        round(days_open.total_seconds() / 86400, 1) if isinstance(days_open, dt.timedelta) else None
    )
    return {
        "month": month,
        "last_day": last,
        "count": totals["count"],
        "closed": totals["closed"],
        "compensated": totals["compensated"],
        "compensation": totals["compensation"],
        "average_days": average_days,
        "by_cause": by_cause,
        "by_state": by_state,
        "by_product": by_product,
    }


def complaint_month_list(*, month: dt.date) -> QuerySet[Complaint]:
    last = next_month_start(month) - dt.timedelta(days=1)
    return (
        complaints_opened(start=month, end=last)
        .select_related("case", "case__customer", "compensation")
        .order_by("-opened_at", "-pk")
    )


def reports_on_complaints_of(*, month: dt.date) -> QuerySet[ImprovementReport]:
    """The improvement reports that summarise some of the month's complaints."""
    last = next_month_start(month) - dt.timedelta(days=1)
    ids = complaints_opened(start=month, end=last).values("pk")
    return ImprovementReport.objects.filter(
        pk__in=ImprovementReport.complaints.through.objects.filter(complaint_id__in=ids).values(
            "improvementreport_id"
        )
    ).order_by("-period_end", "-pk")
