"""Reads of plans and reports: who sees which, deadlines, and the figures of a period.

One scope decides who sees a rep's papers (`rep_scope_q`): the rep; the supervisor of the
rep's team; the sales manager of the department above it; the general manager and
administrators everyone. Every list, page, panel and the admin start from it; anything
outside answers 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Min, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from crm.lib.dates import next_month_start
from crm.models import Team
from crm.parameters import PARAM_BY_KEY, param
from crm.selectors import teams_led_by
from deals.models import Payment, PaymentStatus
from planning.models import (
    DailyReport,
    MonthlyTarget,
    PlanStatus,
    ReportStatus,
    WeeklyPlan,
    WeeklyReport,
)
from pools.models import OwnershipChange
from visits.models import VisitRecord

User = get_user_model()

PLANS = "planning.add_weeklyplan"  # reps: submit revisit schedules and reports
APPROVES = "planning.approve_weeklyplan"  # sales managers
REVIEWS = "planning.review_reports"  # supervisors and sales managers
SETS_TARGETS = "planning.add_monthlytarget"
ZERO = Decimal("0.00")


# Weeks, months, deadlines ------------------------------------------------------------


def week_start_of(day: dt.date) -> dt.date:
    """The Monday of the week `day` is in."""
    return day - dt.timedelta(days=day.weekday())


def week_days(week_start: dt.date) -> list[dt.date]:
    return [week_start + dt.timedelta(days=i) for i in range(7)]


def day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def param_time(key: str) -> dt.time:
    """An "HH:MM" rule parameter; a value an admin mistyped falls back to the default."""
    for raw in (param(key), PARAM_BY_KEY[key].default):
        try:
            hour, minute = (int(part) for part in str(raw).strip().split(":"))
            return dt.time(hour, minute)
        except ValueError:
            continue
    return dt.time(23, 59)


def _weekday_param(key: str) -> int:
    return min(max(int(param(key)), 1), 7)


@dataclass(frozen=True)
class Deadline:
    """A due moment: the paper is in time when handed in before `ends` (the minute named
    by the parameters counts as in time). `params` are recorded with a late flag."""

    rule: str
    due: dt.datetime
    params: dict

    @property
    def ends(self) -> dt.datetime:
        return self.due + dt.timedelta(minutes=1)

    def is_late(self, at: dt.datetime) -> bool:
        return at >= self.ends

    def lateness(self, at: dt.datetime) -> dict:
        """{rule: parameters and times} when `at` is late, else {} (stored on the paper)."""
        if not self.is_late(at):
            return {}
        due = timezone.localtime(self.due)
        return {
            self.rule: {
                **self.params,
                "due": due.strftime("%Y-%m-%d %H:%M"),
                "submitted": timezone.localtime(at).strftime("%Y-%m-%d %H:%M"),
            }
        }


def plan_deadline(*, week_start: dt.date) -> Deadline:
    """VISIT-9: the schedule of a week is due on a day of the week before (Sunday)."""
    weekday = _weekday_param("planning.plan_deadline_weekday")
    at = param_time("planning.plan_deadline_time")
    day = week_start - dt.timedelta(days=7) + dt.timedelta(days=weekday - 1)
    return Deadline(
        rule="VISIT-9",
        due=timezone.make_aware(dt.datetime.combine(day, at)),
        params={
            "planning.plan_deadline_weekday": weekday,
            "planning.plan_deadline_time": at.strftime("%H:%M"),
        },
    )


def report_deadline(*, week_start: dt.date) -> Deadline:
    """VISIT-10: the report on a week is due on a day of the week after (Monday)."""
    weekday = _weekday_param("planning.report_deadline_weekday")
    at = param_time("planning.report_deadline_time")
    day = week_start + dt.timedelta(days=7) + dt.timedelta(days=weekday - 1)
    return Deadline(
        rule="VISIT-10",
        due=timezone.make_aware(dt.datetime.combine(day, at)),
        params={
            "planning.report_deadline_weekday": weekday,
            "planning.report_deadline_time": at.strftime("%H:%M"),
        },
    )


def plannable_weeks(*, today: dt.date) -> list[dt.date]:
    """The weeks a rep may open a schedule for: this week (late) up to `plan_weeks_ahead`."""
    this_week = week_start_of(today)
    ahead = max(int(param("planning.plan_weeks_ahead")), 1)
    return [this_week + dt.timedelta(days=7 * i) for i in range(ahead + 1)]


# Who sees which papers ---------------------------------------------------------------


def rep_scope_q(*, user, field: str = "rep") -> Q:
    """Q over `field` (a user; "" for users themselves): the papers `user` may see.

    Everyone sees their own; a supervisor those of the teams they lead; a sales manager
    those of the department they lead and every team under it (crm Team hierarchy); the
    general manager and administrators everyone.
    """
    if user.has_perm("crm.view_all_teams"):
        return Q()
    visible = Q(**{field or "pk": user.pk})
    if user.has_perm("crm.view_team_members"):
        teams = _teams_led_by(user)
        if teams:
            team = f"{field}__staff__team_id__in" if field else "staff__team_id__in"
            visible |= Q(**{team: teams})
    return visible


def _teams_led_by(user) -> set[int]:
    """crm's teams_led_by, kept on the user object for the request (pages and panels ask
    several times)."""
    cached = getattr(user, "_planning_teams", None)
    if cached is None:
        cached = user._planning_teams = teams_led_by(user=user)
    return cached


def reps_for(*, user) -> QuerySet:
    """The people who plan and report (reps) whose papers `user` may see, by name."""
    who_plan = User.objects.filter(
        Q(
            groups__permissions__codename="add_weeklyplan",
            groups__permissions__content_type__app_label="planning",
        )
        | Q(
            user_permissions__codename="add_weeklyplan",
            user_permissions__content_type__app_label="planning",
        )
    ).values("pk")
    return (
        User.objects.filter(rep_scope_q(user=user, field=""), pk__in=who_plan, is_active=True)
        .select_related("staff__team")
        .order_by("last_name", "first_name", "username", "pk")
    )


def rep_get_for(*, user, pk: int):
    return get_object_or_404(reps_for(user=user), pk=pk)


def plan_reviewer_for(*, rep):
    """VISIT-9: the sales manager a rep's schedule goes to: the nearest leader above the
    rep (team, then its department…) who may approve schedules; None when there is none."""

    team_id = getattr(getattr(rep, "staff", None), "team_id", None)
    if team_id is None:
        return None
    teams = {
        pk: (parent_id, leader_id)
        for pk, parent_id, leader_id in Team.objects.values_list("pk", "parent_id", "leader_id")
    }
    leaders = []
    seen: set[int] = set()
    while team_id is not None and team_id not in seen:
        seen.add(team_id)
        parent_id, leader_id = teams.get(team_id, (None, None))
        if leader_id and leader_id != rep.pk:
            leaders.append(leader_id)
        team_id = parent_id
    candidates = {u.pk: u for u in User.objects.filter(pk__in=leaders, is_active=True)}
    for leader_id in leaders:
        leader = candidates.get(leader_id)
        if leader is not None and leader.has_perm(APPROVES):
            return leader
    return None


# Plans -------------------------------------------------------------------------------


def plans_for(*, user) -> QuerySet[WeeklyPlan]:
    return (
        WeeklyPlan.objects.filter(rep_scope_q(user=user))
        .select_related("rep", "reviewer")
        .order_by("-week_start", "rep__last_name", "rep__first_name", "pk")
    )


def plan_get_for(*, user, pk: int) -> WeeklyPlan:
    """One schedule the user may see, or 404 (another rep's answers 404)."""
    return get_object_or_404(plans_for(user=user).select_related("decided_by"), pk=pk)


def plan_entries(*, plan: WeeklyPlan):
    return plan.entries.select_related("customer").order_by("planned_on", "pk")


def plan_events(*, plan: WeeklyPlan):
    return plan.events.select_related("by").order_by("at", "pk")


def plans_to_approve_for(*, user) -> QuerySet[WeeklyPlan]:
    """Submitted schedules the user may decide: in their department, not their own."""
    if not user.has_perm(APPROVES):
        return WeeklyPlan.objects.none()
    return (
        plans_for(user=user)
        .filter(status=PlanStatus.SUBMITTED)
        .exclude(rep=user)
        .annotate(entry_count=Count("entries"))
        .order_by("week_start", "submitted_at", "pk")
    )


def plans_to_approve_count(*, user) -> int:
    return plans_to_approve_for(user=user).order_by().count()


def plan_may_decide(*, user, plan: WeeklyPlan) -> bool:
    return (
        plan.status == PlanStatus.SUBMITTED
        and plan.rep_id != user.pk
        and user.has_perm(APPROVES)
        and plans_for(user=user).filter(pk=plan.pk).exists()
    )


def plan_of_week(*, rep, week_start: dt.date) -> WeeklyPlan | None:
    return (
        WeeklyPlan.objects.filter(rep=rep, week_start=week_start)
        .annotate(entry_count=Count("entries"))
        .first()
    )


# Reports -----------------------------------------------------------------------------


def weekly_reports_for(*, user) -> QuerySet[WeeklyReport]:
    return (
        WeeklyReport.objects.filter(rep_scope_q(user=user))
        .select_related("rep", "reviewed_by")
        .order_by("-week_start", "rep__last_name", "rep__first_name", "pk")
    )


def weekly_report_get_for(*, user, pk: int) -> WeeklyReport:
    return get_object_or_404(weekly_reports_for(user=user), pk=pk)


def daily_reports_for(*, user) -> QuerySet[DailyReport]:
    return (
        DailyReport.objects.filter(rep_scope_q(user=user))
        .select_related("rep", "reviewed_by")
        .order_by("-day", "rep__last_name", "rep__first_name", "pk")
    )


def daily_report_get_for(*, user, pk: int) -> DailyReport:
    return get_object_or_404(daily_reports_for(user=user), pk=pk)


def _to_review(qs: QuerySet, *, user) -> QuerySet:
    if not user.has_perm(REVIEWS):
        return qs.none()
    return qs.filter(status=ReportStatus.SUBMITTED).exclude(rep=user)


def weekly_reports_to_review_for(*, user) -> QuerySet[WeeklyReport]:
    return _to_review(weekly_reports_for(user=user), user=user).order_by(
        "week_start", "submitted_at", "pk"
    )


def daily_reports_to_review_for(*, user) -> QuerySet[DailyReport]:
    return _to_review(daily_reports_for(user=user), user=user).order_by("day", "submitted_at", "pk")


def report_may_review(*, user, report) -> bool:
    """A supervisor (or manager) reviews submitted reports of the reps in their scope."""
    return (
        report.status == ReportStatus.SUBMITTED
        and report.rep_id != user.pk
        and user.has_perm(REVIEWS)
    )


def reports_to_review_count(*, user) -> int:
    """Dashboard: weekly and daily reports waiting for the user's comment (one query)."""
    if not user.has_perm(REVIEWS):
        return 0
    scope = rep_scope_q(user=user)
    weekly = _to_review(WeeklyReport.objects.filter(scope), user=user)
    daily = _to_review(DailyReport.objects.filter(scope), user=user)
    return weekly.values("pk").union(daily.values("pk"), all=True).count()


# Figures of a period (what the reports compile) ---------------------------------------


@dataclass(frozen=True)
class Figures:
    deals_count: int
    confirmed_amount: Decimal
    new_customers_count: int
    visits_count: int | None  # None while the visits app has no records to count


def _period(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) as aware datetimes at local midnight."""
    return day_start(start), day_start(end)


def confirmed_payments(*, rep_ids, start: dt.date, end: dt.date):
    """DEAL-1: payments finance confirmed in [start, end) on deals the reps closed.

    A payment counts in the period of its confirmation, and only while still confirmed
    (a later refund or cancellation takes it out).
    """

    since, until = _period(start, end)
    return Payment.objects.filter(
        status=PaymentStatus.CONFIRMED,
        confirmed_at__gte=since,
        confirmed_at__lt=until,
        deal__rep_id__in=rep_ids,
    )


def deals_of(*, rep, start: dt.date, end: dt.date) -> list[dict]:
    """The rep's deals with payments confirmed in the period: customer, amount confirmed."""
    rows = (
        confirmed_payments(rep_ids=[rep.pk], start=start, end=end)
        .order_by()
        .values("deal_id", "customer_id", "customer__name", "deal__total")
        .annotate(confirmed=Sum("amount"))
        .order_by("customer__name", "deal_id")
    )
    return list(rows)


# How a rep gains a customer: every change of owner to them from someone else (or from
# the pool): first contact, assignment, claim, referral, transfer, handover, first deal.
def _gained(*, rep_ids, start: dt.date, end: dt.date):
    since, until = _period(start, end)
    return OwnershipChange.objects.filter(
        Q(from_owner__isnull=True) | ~Q(from_owner_id=F("to_owner_id")),
        to_owner_id__in=rep_ids,
        changed_at__gte=since,
        changed_at__lt=until,
    )


def new_customers_of(*, rep, start: dt.date, end: dt.date) -> list[dict]:
    """Customers the rep gained in the period (each once), with how and when first."""
    return list(
        _gained(rep_ids=[rep.pk], start=start, end=end)
        .order_by()
        .values("customer_id", "customer__name")
        .annotate(first_at=Min("changed_at"))
        .order_by("first_at", "customer_id")
    )


def visit_records_of(*, rep, start: dt.date, end: dt.date):
    """The visit register (客户名录簿): the rep's visit records of the period, in order.

    Corrections (VISIT-6: new entries that correct an earlier one) are listed too; the
    page marks them.
    """
    since, until = _period(start, end)
    return (
        VisitRecord.objects.filter(author=rep, visited_at__gte=since, visited_at__lt=until)
        .select_related("customer")
        .order_by("visited_at", "pk")
    )


def _visits_by_author(*, rep_ids, start: dt.date, end: dt.date) -> dict[int, int]:
    """Visits done per rep: their records of the period that are not corrections."""
    since, until = _period(start, end)
    rows = (
        VisitRecord.objects.filter(
            author_id__in=rep_ids,
            visited_at__gte=since,
            visited_at__lt=until,
            corrects__isnull=True,
        )
        .order_by()
        .values("author_id")
        .annotate(n=Count("pk"))
        .values_list("author_id", "n")
    )
    return dict(rows)


def figures_by_rep(*, rep_ids: list[int], start: dt.date, end: dt.date) -> dict[int, Figures]:
    """The figures of [start, end) for several reps in at most three queries."""
    if not rep_ids:
        return {}
    deals = {
        rep_id: (n, total)
        for rep_id, n, total in confirmed_payments(rep_ids=rep_ids, start=start, end=end)
        .order_by()
        .values("deal__rep_id")
        .annotate(n=Count("deal_id", distinct=True), total=Sum("amount"))
        .values_list("deal__rep_id", "n", "total")
    }
    gained = dict(
        _gained(rep_ids=rep_ids, start=start, end=end)
        .order_by()
        .values("to_owner_id")
        .annotate(n=Count("customer_id", distinct=True))
        .values_list("to_owner_id", "n")
    )
    visits = _visits_by_author(rep_ids=rep_ids, start=start, end=end)
    found = {}
    for rep_id in rep_ids:
        n, total = deals.get(rep_id, (0, ZERO))
        found[rep_id] = Figures(
            deals_count=n,
            confirmed_amount=Decimal(total or ZERO).quantize(Decimal("0.01")),
            new_customers_count=gained.get(rep_id, 0),
            visits_count=visits.get(rep_id, 0),
        )
    return found


def figures_of(*, rep, start: dt.date, end: dt.date) -> Figures:
    return figures_by_rep(rep_ids=[rep.pk], start=start, end=end)[rep.pk]


def report_figures(*, report) -> Figures:
    """What a report shows: frozen at submission, computed from the records while a draft."""
    if report.status != ReportStatus.DRAFT and report.deals_count is not None:
        return Figures(
            deals_count=report.deals_count,
            confirmed_amount=report.confirmed_amount,
            new_customers_count=report.new_customers_count,
            visits_count=report.visits_count,
        )
    start, end = report_period(report=report)
    return figures_of(rep=report.rep, start=start, end=end)


def report_lists(*, report) -> tuple[list[dict], list[dict]]:
    """The deals and new customers a report lists: kept at submission, live while a draft."""
    compiled = report.compiled or {}
    if report.status != ReportStatus.DRAFT and "deals" in compiled:
        deals = [{**row, "confirmed": Decimal(row["confirmed"])} for row in compiled["deals"]]
        gained = [
            {**row, "first_at": dt.datetime.fromisoformat(row["first_at"])}
            for row in compiled.get("new_customers", [])
        ]
        return deals, gained
    start, end = report_period(report=report)
    return (
        deals_of(rep=report.rep, start=start, end=end),
        new_customers_of(rep=report.rep, start=start, end=end),
    )


def report_period(*, report) -> tuple[dt.date, dt.date]:
    if isinstance(report, WeeklyReport):
        return report.week_start, report.week_start + dt.timedelta(days=7)
    return report.day, report.day + dt.timedelta(days=1)


# Monthly targets (REPORT-1) ---------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    target: int | Decimal | None
    actual: int | Decimal | None

    @property
    def percent(self) -> int | None:
        if not self.target or self.actual is None:
            return None
        return int(Decimal(self.actual) * 100 / Decimal(self.target))

    @property
    def bar(self) -> int:
        """The progress bar's width, 0–100."""
        return min(self.percent or 0, 100)


@dataclass(frozen=True)
class Progress:
    rep: object
    month: dt.date
    target: MonthlyTarget | None
    new_customers: Measure
    sales: Measure
    visits: Measure


def targets_progress(*, reps: list, month: dt.date, today: dt.date) -> list[Progress]:
    """REPORT-1: each rep's targets for the month and how far they are, up to today.

    Four queries whatever the number of reps: targets, and the three figures.
    """
    rep_ids = [rep.pk for rep in reps]
    targets = {
        t.rep_id: t
        for t in MonthlyTarget.objects.filter(rep_id__in=rep_ids, month=month).select_related(
            "set_by"
        )
    }
    end = min(next_month_start(month), today + dt.timedelta(days=1))
    figures = figures_by_rep(rep_ids=rep_ids, start=month, end=max(end, month))
    rows = []
    for rep in reps:
        t = targets.get(rep.pk)
        f = figures.get(rep.pk)
        rows.append(
            Progress(
                rep=rep,
                month=month,
                target=t,
                new_customers=Measure(t.new_customers if t else None, f.new_customers_count),
                sales=Measure(t.sales_amount if t else None, f.confirmed_amount),
                visits=Measure(t.visits if t else None, f.visits_count),
            )
        )
    return rows


def target_of(*, rep, month: dt.date) -> MonthlyTarget | None:
    return MonthlyTarget.objects.filter(rep=rep, month=month).first()
