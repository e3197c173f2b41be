"""The monthly close (PERF-1, DEAL-1): freeze last month's points and commission statements.

Run by the scheduled job. Set-based and idempotent: one ClosedMonth row per month (unique)
says the month is closed; the points statements are written by one INSERT … SELECT over the
staff (unique per employee and month), the commission statements and their lines by bulk
inserts (unique per rep and month, and per payment and kind). Each statement records the
rule and the parameters it was computed with, so a later change of the parameters never
rewrites a closed month.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from crm.lib.sql import insert_select
from crm.models import StaffProfile, StaffStatus
from performance.models import (
    MONEY,
    ZERO,
    ClosedMonth,
    CommissionLine,
    CommissionStatement,
    PointEvent,
    PointStatement,
)
from performance.months import current_month, month_add, month_last_day
from performance.selectors.commission import (
    RULE as COMMISSION_RULE,
)
from performance.selectors.commission import (
    commission_lines,
    commission_rate,
    commission_totals_by_rep,
)
from performance.selectors.points import RULE as POINTS_RULE
from performance.selectors.points import PointsRule

CHUNK = 1000
_MONEY = DecimalField(**MONEY)


def _already(month: dt.date):
    return Exists(PointStatement.objects.filter(employee=OuterRef("employee_id"), month=month))


def _points_counted(*, month: dt.date, rule: PointsRule):
    """One row per employee with counted events: who, points, fines, events, end, money.

    One pass over the month's events, grouped by employee (an index on the date finds them).
    """
    last = month_last_day(month)
    return (
        PointEvent.objects.filter(date__range=(month, last), voided_at__isnull=True)
        .exclude(_already(month))
        .order_by()
        .values("employee_id")
        .annotate(
            _points=Sum("points"),
            _fines=Coalesce(Sum("fine"), Value(ZERO), output_field=_MONEY),
            _events=Count("pk"),
        )
        .annotate(_end=Value(rule.start) + F("_points"))
        .annotate(
            _bonus=Case(
                When(_end__gt=rule.bonus_above, then=Value(rule.bonus)),
                When(_end__lt=rule.penalty_below, then=Value(-rule.penalty)),
                default=Value(ZERO),
                output_field=_MONEY,
            )
        )
        .values_list("employee_id", "_points", "_fines", "_events", "_end", "_bonus")
    )


def _points_uncounted(*, month: dt.date):
    """Everyone else to close: the staff who have not left (hired by the month's end), and
    anyone with only voided events in the month; not those closed already."""
    last = month_last_day(month)
    in_month = PointEvent.objects.filter(employee=OuterRef("user_id"), date__range=(month, last))
    already = PointStatement.objects.filter(employee=OuterRef("user_id"), month=month)
    return (
        StaffProfile.objects.filter(
            (
                ~Q(status=StaffStatus.LEFT)
                & Q(user__is_active=True)
                & (Q(hire_date__isnull=True) | Q(hire_date__lte=last))
            )
            | Q(Exists(in_month))
        )
        .exclude(Exists(already))
        .order_by()
        .values_list("user_id")
    )


def _points_close(*, month: dt.date, now: dt.datetime, rule: PointsRule) -> int:
    """Two INSERT … SELECT: those with counted events, then everyone else at the start."""
    # Lock the staff first: recording or voiding an event locks its employee's profile, so
    # an event cannot slip into the month between the count and the freeze.
    len(StaffProfile.objects.select_for_update().values_list("pk", flat=True))
    frozen = {
        "month": month,
        "start_points": rule.start,
        "rule": POINTS_RULE,
        "params": rule.as_json(),
        "closed_at": now,
    }
    written = insert_select(
        model=PointStatement,
        columns=["employee", "points", "fines_total", "events_count", "end_points", "bonus"],
        select=_points_counted(month=month, rule=rule),
        constants=frozen,
    )
    return written + insert_select(
        model=PointStatement,
        columns=["employee"],
        select=_points_uncounted(month=month),
        constants={
            **frozen,
            "points": 0,
            "fines_total": ZERO,
            "events_count": 0,
            "end_points": rule.start,
            "bonus": rule.outcome(rule.start),
        },
    )


def _commission_close(*, month: dt.date, now: dt.datetime, rate) -> int:
    """Each rep's statement with the payments behind it, at the rate in force."""
    lines = commission_lines(month=month, rate=rate)
    totals = commission_totals_by_rep(lines)
    done = set(
        CommissionStatement.objects.filter(month=month, rep_id__in=list(totals)).values_list(
            "rep_id", flat=True
        )
    )
    statements = {
        rep_id: CommissionStatement(
            rep_id=rep_id,
            month=month,
            rate=rate,
            payments_total=t.payments_total,
            reversed_total=t.reversed_total,
            commission=t.commission,
            lines_count=t.lines_count,
            rule=COMMISSION_RULE,
            params={"rate": str(rate)},
            closed_at=now,
        )
        for rep_id, t in totals.items()
        if rep_id not in done
    }
    CommissionStatement.objects.bulk_create(statements.values(), batch_size=CHUNK)
    keep = []
    for line in lines:
        statement = statements.get(line.rep_id)
        if statement is not None:
            line.statement = statement
            keep.append(line)
    CommissionLine.objects.bulk_create(keep, batch_size=CHUNK)
    return len(statements)


@transaction.atomic
def month_close(*, month: dt.date, now: dt.datetime) -> ClosedMonth | None:
    """Close a month that is over; None when it was closed already (nothing changes)."""
    if month >= current_month(now):
        raise ValueError(f"{month:%Y-%m} is not over yet")
    rule, rate = PointsRule.current(), commission_rate()
    try:
        with transaction.atomic():
            closed = ClosedMonth.objects.create(
                month=month,
                closed_at=now,
                params={"points": rule.as_json(), "commission": {"rate": str(rate)}},
            )
    except IntegrityError:
        return None
    closed.points_statements = _points_close(month=month, now=now, rule=rule)
    closed.commission_statements = _commission_close(month=month, now=now, rate=rate)
    closed.save(update_fields=["points_statements", "commission_statements"])
    return closed


def months_close_due(*, now: dt.datetime) -> list[ClosedMonth]:
    """The job: close last month, and any month since the last closed one (a missed run).

    On a new installation the first month closed is last month: older months were settled
    before the system and stay open, shown live.
    """
    last_month = month_add(current_month(now), -1)
    latest = ClosedMonth.objects.order_by("-month").values_list("month", flat=True).first()
    month = last_month if latest is None else month_add(latest, 1)
    closed = []
    while month <= last_month:
        row = month_close(month=month, now=now)
        if row is not None:
            closed.append(row)
        month = month_add(month, 1)
    return closed
