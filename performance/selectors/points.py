"""Reads of performance points (PERF-1, PERF-2): who may see whose points, the monthly
statement (frozen when the month is closed, live otherwise), the team overview.

Scope: everyone sees their own points; a supervisor those of the teams they lead, a sales
manager those of their department, the general manager and admins everyone (the team
page's scope, `crm.selectors.team_members_for`). Anyone else's answers 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from crm.models import StaffProfile, StaffStatus
from crm.parameters import param
from crm.selectors import team_members_for
from performance.models import ZERO, ClosedMonth, PointEvent, PointItem, PointStatement
from performance.months import current_month, month_add, month_last_day

User = get_user_model()

RULE = "PERF-1"
RECORD_PERMISSION = "performance.add_pointevent"
VOID_PERMISSION = "performance.void_pointevent"
TEAM_PERMISSION = "performance.view_team_points"


# The rule and its numbers ---------------------------------------------------------------


@dataclass(frozen=True)
class PointsRule:
    """PERF-1's numbers: the ones in force, or those a closed month was frozen with."""

    start: int
    bonus_above: int
    bonus: Decimal
    penalty_below: int
    penalty: Decimal

    @classmethod
    def current(cls) -> PointsRule:
        return cls(
            start=param("performance.start_points"),
            bonus_above=param("performance.bonus_above"),
            bonus=param("performance.bonus_amount"),
            penalty_below=param("performance.penalty_below"),
            penalty=param("performance.penalty_amount"),
        )

    @classmethod
    def from_json(cls, data: dict) -> PointsRule:
        return cls(
            start=int(data["start"]),
            bonus_above=int(data["bonus_above"]),
            bonus=Decimal(data["bonus"]),
            penalty_below=int(data["penalty_below"]),
            penalty=Decimal(data["penalty"]),
        )

    def as_json(self) -> dict:
        return {
            "start": self.start,
            "bonus_above": self.bonus_above,
            "bonus": str(self.bonus),
            "penalty_below": self.penalty_below,
            "penalty": str(self.penalty),
        }

    def outcome(self, end_points: int) -> Decimal:
        """The month's money: +bonus strictly above, −penalty strictly below, else 0."""
        if end_points > self.bonus_above:
            return self.bonus
        if end_points < self.penalty_below:
            return -self.penalty
        return ZERO


# Who may see or record whose points ----------------------------------------------------


def points_people_for(*, user) -> QuerySet:
    """The people whose points `user` may see besides their own (team scope)."""
    if not user.has_perm(TEAM_PERMISSION):
        return User.objects.none()
    return User.objects.filter(pk__in=team_members_for(user=user).values("user_id"))


def points_recordable_for(*, user) -> QuerySet:
    """Active people `user` may record point events for: those they lead, never themselves."""
    if not user.has_perm(RECORD_PERMISSION):
        return User.objects.none()
    return (
        User.objects.filter(pk__in=team_members_for(user=user).values("user_id"), is_active=True)
        .exclude(pk=user.pk)
        .select_related("staff__team")
        .order_by("staff__team__name", "last_name", "first_name", "pk")
    )


def points_may_record(*, user, employee) -> bool:
    return points_recordable_for(user=user).filter(pk=employee.pk).exists()


def points_may_void(*, user, employee) -> bool:
    return (
        user.has_perm(VOID_PERMISSION)
        and employee.pk != user.pk
        and team_members_for(user=user).filter(user_id=employee.pk).exists()
    )


def points_employee_get_for(*, user, pk: int):
    """The employee whose points `user` opens: themselves or someone they lead; else 404."""
    if pk == user.pk:
        return user
    return get_object_or_404(points_people_for(user=user), pk=pk)


def point_event_get_for(*, user, pk: int) -> PointEvent:
    """An event `user` may act on (void): of someone they lead; else 404."""
    event = get_object_or_404(PointEvent.objects.select_related("employee"), pk=pk)
    if not points_may_void(user=user, employee=event.employee):
        raise Http404
    return event


def point_items_active() -> QuerySet[PointItem]:
    return PointItem.objects.filter(active=True).order_by("sort_order", "pk")


# Closed months --------------------------------------------------------------------------


def month_is_closed(*, month: dt.date) -> bool:
    return ClosedMonth.objects.filter(month=month).exists()


def month_closed_row(*, month: dt.date) -> ClosedMonth | None:
    return ClosedMonth.objects.filter(month=month).first()


def previous_open_month(*, now: dt.datetime) -> dt.date | None:
    """Last month, while the job has not closed it yet (shown live, marked not closed)."""
    previous = month_add(current_month(now), -1)
    return None if month_is_closed(month=previous) else previous


# The statement --------------------------------------------------------------------------


@dataclass
class PointsStatementView:
    """What the statement page shows; `closed` says whether the figures are frozen."""

    employee: object
    month: dt.date
    closed: bool
    rule: PointsRule
    start_points: int
    points: int
    end_points: int
    bonus: Decimal
    fines_total: Decimal
    events: list[PointEvent] = field(default_factory=list)
    closed_at: dt.datetime | None = None

    @property
    def counted(self) -> list[PointEvent]:
        return [event for event in self.events if not event.is_void]

    @property
    def voided(self) -> list[PointEvent]:
        return [event for event in self.events if event.is_void]

    @property
    def outcome(self) -> str:
        if self.bonus > 0:
            return "bonus"
        if self.bonus < 0:
            return "penalty"
        return "none"


def month_events(*, employee, month: dt.date) -> QuerySet[PointEvent]:
    """Every event of the month, voided ones too (shown struck through with the reason)."""
    return (
        PointEvent.objects.filter(employee=employee, date__range=(month, month_last_day(month)))
        .select_related("recorded_by", "voided_by")
        .order_by("date", "pk")
    )


def points_statement_for(*, employee, month: dt.date) -> PointsStatementView:
    """PERF-1: the month's statement, frozen if the month is closed, else live."""
    events = list(month_events(employee=employee, month=month))
    frozen = PointStatement.objects.filter(employee=employee, month=month).first()
    if frozen is not None:
        return PointsStatementView(
            employee=employee,
            month=month,
            closed=True,
            rule=PointsRule.from_json(frozen.params),
            start_points=frozen.start_points,
            points=frozen.points,
            end_points=frozen.end_points,
            bonus=frozen.bonus,
            fines_total=frozen.fines_total,
            events=events,
            closed_at=frozen.closed_at,
        )
    closed = month_closed_row(month=month)
    if closed is not None:  # closed without a statement for them (e.g. hired later): nothing
        rule = PointsRule.from_json(closed.params["points"])
        return PointsStatementView(
            employee=employee,
            month=month,
            closed=True,
            rule=rule,
            start_points=rule.start,
            points=0,
            end_points=rule.start,
            bonus=ZERO,
            fines_total=ZERO,
            events=events,
            closed_at=closed.closed_at,
        )
    rule = PointsRule.current()
    counted = [event for event in events if not event.is_void]
    points = sum(event.points for event in counted)
    return PointsStatementView(
        employee=employee,
        month=month,
        closed=False,
        rule=rule,
        start_points=rule.start,
        points=points,
        end_points=rule.start + points,
        bonus=rule.outcome(rule.start + points),
        fines_total=sum((event.fine for event in counted), ZERO),
        events=events,
    )


def points_statements_past(*, employee) -> QuerySet[PointStatement]:
    """The employee's closed months, newest first."""
    return PointStatement.objects.filter(employee=employee).order_by("-month")


def points_this_month(*, user, now: dt.datetime) -> int:
    """The dashboard panel: points so far this month (one query; the start is a parameter)."""
    month = current_month(now)
    got = PointEvent.objects.filter(
        employee=user, date__range=(month, month_last_day(month)), voided_at__isnull=True
    ).aggregate(s=Sum("points"))["s"]
    return param("performance.start_points") + (got or 0)


# The team overview ----------------------------------------------------------------------


@dataclass(frozen=True)
class TeamRow:
    profile: StaffProfile
    end_points: int
    events_count: int
    bonus: Decimal
    fines_total: Decimal


def team_points_members(*, user) -> QuerySet[StaffProfile]:
    """The people on the overview: the team page's scope, but those who have left."""
    if not user.has_perm(TEAM_PERMISSION):
        return StaffProfile.objects.none()
    return team_members_for(user=user).exclude(status=StaffStatus.LEFT)


@dataclass(frozen=True)
class TeamMonth:
    closed: bool
    rule: PointsRule
    rows: list[TeamRow]


def team_points_month(*, profiles, month: dt.date) -> TeamMonth:
    """Figures of one page of the overview: frozen statements, or live sums. Two queries."""
    ids = [p.user_id for p in profiles]
    closed = month_closed_row(month=month)
    if closed is not None:
        rule = PointsRule.from_json(closed.params["points"])
        frozen = {
            s.employee_id: s
            for s in PointStatement.objects.filter(employee_id__in=ids, month=month)
        }
        rows = [
            TeamRow(
                profile=p,
                end_points=s.end_points,
                events_count=s.events_count,
                bonus=s.bonus,
                fines_total=s.fines_total,
            )
            if (s := frozen.get(p.user_id))
            else TeamRow(
                profile=p, end_points=rule.start, events_count=0, bonus=ZERO, fines_total=ZERO
            )
            for p in profiles
        ]
        return TeamMonth(closed=True, rule=rule, rows=rows)
    rule = PointsRule.current()
    sums = {
        row["employee_id"]: row
        for row in PointEvent.objects.filter(
            employee_id__in=ids,
            date__range=(month, month_last_day(month)),
            voided_at__isnull=True,
        )
        .order_by()
        .values("employee_id")
        .annotate(points=Sum("points"), fines=Sum("fine"), n=Count("pk"))
    }
    rows = []
    for p in profiles:
        got = sums.get(p.user_id, {})
        end = rule.start + (got.get("points") or 0)
        rows.append(
            TeamRow(
                profile=p,
                end_points=end,
                events_count=got.get("n") or 0,
                bonus=rule.outcome(end),
                fines_total=Decimal(got.get("fines") or ZERO).quantize(Decimal("0.01")),
            )
        )
    return TeamMonth(closed=False, rule=rule, rows=rows)
