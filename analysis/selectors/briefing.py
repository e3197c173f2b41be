"""The sales briefing (销售简报, WORK-3) heading the manager's and general manager's dashboard.

Each figure is this month's beside last month's, for a chosen scope: own (what the user did
themselves), team (their own team and the teams below it), department (every team they
lead) or all (every team and what has none; the general manager). Figures come from the
nightly aggregates (`analysis.models.Fact`) plus a live delta of what happened since that
run started (payments confirmed, customers recorded, owners changed, visits done or planned
since), so no figure is a day stale. Receivables are a state, not a flow: they are read
live from the open deals. The user's own figures are read live: the aggregates are by team.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    DecimalField,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from analysis import metrics as m
from analysis.charts import chart_for
from analysis.models import AnalysisRun, Fact
from analysis.render import chart_svg
from analysis.selectors.scope import VIEW_ALL, analysis_scope_for
from analysis.services import FIRST_CONTACT
from analysis.tables import MONEY, TEXT, Chart, Column, Table
from crm.lib.dates import add_months, month_end, month_start
from crm.parameters import param
from customers.models import Customer
from deals.models import Deal, DealStatus, Payment, PaymentStatus
from pools.models import OwnershipChange
from visits.models import TaskStatus, VisitTask

OWN, TEAM, DEPARTMENT, ALL = "own", "team", "department", "all"
SCOPE_LABELS = {
    OWN: _("Own"),
    TEAM: _("My team"),
    DEPARTMENT: _("Department"),
    ALL: _("Everyone"),
}
CHART_MONTHS = 6
ZERO = Decimal("0.00")
_MONEY = DecimalField(max_digits=18, decimal_places=2)


@dataclass(frozen=True)
class Who:
    """Whose figures: a user (own), a set of team ids (None: every team and none)."""

    scope: str
    user_id: int | None = None
    team_ids: frozenset[int] | None = None


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    current: Decimal | int
    previous: Decimal | int
    money: bool = False
    # "up is good" for sales; for overdue receivables less is better.
    lower_is_better: bool = False
    of: int | None = None  # visits: done `current` of `of` due
    previous_of: int | None = None

    @property
    def change(self) -> Decimal | int:
        return self.current - self.previous

    @property
    def trend(self) -> str:
        if self.change == 0:
            return "flat"
        better = (self.change < 0) if self.lower_is_better else (self.change > 0)
        return "better" if better else "worse"


def briefing_scopes_for(*, user) -> list[str]:
    """The scopes the user may choose, narrowest first (none: no briefing)."""
    scope = analysis_scope_for(user=user)
    if scope is None:
        return []
    found = [OWN]
    team_id = _own_team_id(user)
    if team_id is not None and (scope.everything or team_id in scope.team_ids):
        found.append(TEAM)
    if scope.teams:
        found.append(DEPARTMENT)
    if user.has_perm(VIEW_ALL):
        found.append(ALL)
    return found


def _own_team_id(user) -> int | None:
    staff = getattr(user, "staff", None)
    return getattr(staff, "team_id", None)


def briefing_who(*, user, scope: str) -> Who | None:
    """The `Who` of `scope` for `user`, or None when the user may not choose it."""
    if scope not in briefing_scopes_for(user=user):
        return None
    if scope == OWN:
        return Who(scope=OWN, user_id=user.pk)
    if scope == ALL:
        return Who(scope=ALL)
    teams = analysis_scope_for(user=user)
    if scope == TEAM:
        team_id = _own_team_id(user)
        return Who(scope=TEAM, team_ids=frozenset(teams.subtree.get(team_id, {team_id})))
    return Who(scope=DEPARTMENT, team_ids=frozenset(teams.team_ids))


def briefing_default_scope(scopes: list[str]) -> str:
    """The widest scope the user may see: a manager reads the department first."""
    return scopes[-1]


# --- the figures --------------------------------------------------------------------------


def _facts(metric: str, who: Who, start: dt.date, end: dt.date):
    qs = Fact.objects.filter(metric=metric, day__range=(start, end))
    if who.team_ids is not None:
        qs = qs.filter(team_id__in=sorted(who.team_ids))
    if who.user_id is not None:
        qs = qs.filter(key=str(who.user_id))
    return qs


def _fact_sum(metric: str, who: Who, start: dt.date, end: dt.date) -> Decimal:
    return _cents(_facts(metric, who, start, end).aggregate(s=Sum("value"))["s"])


def _by(who: Who, *, team: str, person: Q) -> Q:
    """The live rows of `who`: `person` for own, else the team at path `team`."""
    if who.user_id is not None:
        return person
    if who.team_ids is None:
        return Q()
    return Q(**{f"{team}__in": sorted(who.team_ids)})


def _sum(qs, field: str = "amount") -> Decimal:
    return _cents(qs.aggregate(s=Sum(field))["s"])


def _cents(value) -> Decimal:
    return Decimal(value or 0).quantize(ZERO)


def _local(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class _Period:
    def __init__(self, start: dt.date, end: dt.date):
        self.start, self.end = start, end
        self.start_at, self.end_at = _local(start), _local(end + dt.timedelta(days=1))


def _sales(who: Who, p: _Period, since: dt.datetime | None) -> Decimal:
    live = Payment.objects.filter(
        _by(who, team="deal__rep__staff__team_id", person=Q(deal__rep_id=who.user_id)),
        status=PaymentStatus.CONFIRMED,
        received_on__range=(p.start, p.end),
    )
    if since is None:
        return _sum(live)
    return _fact_sum(m.SALES, who, p.start, p.end) + _sum(live.filter(confirmed_at__gt=since))


def _new_customers(who: Who, p: _Period, since: dt.datetime | None) -> int:
    live = Customer.objects.filter(
        _by(
            who,
            team="first_collector__staff__team_id",
            person=Q(first_collector_id=who.user_id)
            | Q(first_collector__isnull=True, created_by_id=who.user_id),
        ),
        created_at__gte=p.start_at,
        created_at__lt=p.end_at,
    )
    if who.team_ids is not None:
        # The nightly job counts a customer without a collector for whoever recorded it.
        live = Customer.objects.filter(
            Q(first_collector__staff__team_id__in=sorted(who.team_ids))
            | Q(first_collector__isnull=True, created_by__staff__team_id__in=sorted(who.team_ids)),
            created_at__gte=p.start_at,
            created_at__lt=p.end_at,
        )
    if since is None:
        return live.count()
    return (
        int(_fact_sum(m.NEW_CUSTOMERS, who, p.start, p.end))
        + live.filter(created_at__gt=since).count()
    )


def _pool(who: Who, p: _Period, since: dt.datetime | None, *, into: bool) -> int:
    side = "from_owner" if into else "to_owner"
    other = "to_owner" if into else "from_owner"
    live = OwnershipChange.objects.filter(
        _by(who, team=f"{side}__staff__team_id", person=Q(**{f"{side}_id": who.user_id})),
        **{f"{other}__isnull": True, f"{side}__isnull": False},
        changed_at__gte=p.start_at,
        changed_at__lt=p.end_at,
    )
    if not into:
        live = live.exclude(reason=FIRST_CONTACT)
    if since is None:
        return live.count()
    metric = m.POOL_IN if into else m.POOL_OUT
    return int(_fact_sum(metric, who, p.start, p.end)) + live.filter(changed_at__gt=since).count()


def _visits(who: Who, p: _Period, since: dt.datetime | None) -> tuple[int, int]:
    """(done, due) of the visit tasks due in the period; superseded and cancelled ones were
    never owed (as in the nightly job)."""
    counted = VisitTask.objects.exclude(
        status__in=(TaskStatus.SUPERSEDED, TaskStatus.CANCELLED)
    ).filter(
        _by(who, team="assignee__staff__team_id", person=Q(assignee_id=who.user_id)),
        due_on__range=(p.start, p.end),
    )
    done = counted.filter(status=TaskStatus.DONE, done_at__isnull=False)
    facts_who = who
    if since is None:
        return done.count(), counted.count()
    if who.user_id is not None:
        facts_who = Who(scope=OWN, user_id=who.user_id)
    due = int(_fact_sum(m.VISIT_DUE, facts_who, p.start, p.end))
    done_n = int(
        _fact_sum(m.VISIT_ON_TIME, facts_who, p.start, p.end)
        + _fact_sum(m.VISIT_LATE, facts_who, p.start, p.end)
    )
    return (
        done_n + done.filter(done_at__gt=since).count(),
        due + counted.filter(created_at__gt=since).count(),
    )


def _receivables(who: Who, *, due_from: dt.date | None, due_to: dt.date, as_of: dt.datetime):
    """Unpaid balances as at `as_of` of the open deals falling due from `due_from` to `due_to`
    (a deal falls due the payment-term days after it was made; DEAL-3's same term)."""
    term = dt.timedelta(days=param("deal.payment_due_days"))
    paid = Coalesce(
        Subquery(
            Payment.objects.filter(
                deal=OuterRef("pk"), status=PaymentStatus.CONFIRMED, confirmed_at__lt=as_of
            )
            .order_by()
            .values("deal")
            .annotate(s=Sum("amount"))
            .values("s")[:1],
            output_field=_MONEY,
        ),
        Value(ZERO),
        output_field=_MONEY,
    )
    deals = Deal.objects.filter(
        _by(who, team="rep__staff__team_id", person=Q(rep_id=who.user_id)),
        Q(status=DealStatus.OPEN) | Q(cancelled_at__gte=as_of),
        created_at__lt=min(as_of, _local(due_to + dt.timedelta(days=1)) - term),
    )
    if due_from is not None:
        deals = deals.filter(created_at__gte=_local(due_from) - term)
    rows = deals.annotate(balance=F("total") - paid).filter(balance__gt=0)
    return _cents(rows.aggregate(s=Sum("balance"))["s"])


def _sales_by_month(who: Who, months: list[dt.date], since) -> list[Decimal]:
    """Confirmed sales per month of `months` (as `_sales`), in two grouped queries."""
    start, end = months[0], month_end(months[-1])
    live = Payment.objects.filter(
        _by(who, team="deal__rep__staff__team_id", person=Q(deal__rep_id=who.user_id)),
        status=PaymentStatus.CONFIRMED,
        received_on__range=(start, end),
    )
    totals: dict[dt.date, Decimal] = dict.fromkeys(months, ZERO)
    if since is not None:
        live = live.filter(confirmed_at__gt=since)
        facts = (
            _facts(m.SALES, who, start, end)
            .annotate(_month=TruncMonth("day"))
            .values("_month")
            .annotate(s=Sum("value"))
            .values_list("_month", "s")
        )
        for month, amount in facts:
            totals[month] += _cents(amount)
    grouped = (
        live.order_by()
        .annotate(_month=TruncMonth("received_on"))
        .values("_month")
        .annotate(s=Sum("amount"))
        .values_list("_month", "s")
    )
    for month, amount in grouped:
        totals[month] += _cents(amount)
    return [totals[month] for month in months]


def sales_briefing(*, who: Who, now: dt.datetime) -> dict:
    """The briefing's figures for `who` at `now`: this month so far and last month."""
    today = timezone.localdate(now)
    this = _Period(month_start(today), month_end(today))
    last_start = add_months(this.start, -1)
    last = _Period(last_start, month_end(last_start))
    run = AnalysisRun.objects.order_by("-started_at", "-pk").first()
    # Own figures are read live (the aggregates are by team); so is everything before the
    # first nightly run.
    since = run.started_at if run is not None and who.user_id is None else None
    done, due = _visits(who, this, since)
    done_prev, due_prev = _visits(who, last, since)
    last_end_at = last.end_at
    figures = [
        Figure(
            "sales",
            _("Confirmed sales"),
            _sales(who, this, since),
            _sales(who, last, since),
            money=True,
        ),
        Figure(
            "new_customers",
            _("New customers"),
            _new_customers(who, this, since),
            _new_customers(who, last, since),
        ),
        Figure(
            "receivables_due",
            _("Receivables due this month"),
            _receivables(who, due_from=this.start, due_to=this.end, as_of=now),
            _receivables(who, due_from=last.start, due_to=last.end, as_of=last_end_at),
            money=True,
        ),
        Figure(
            "receivables_overdue",
            _("Receivables overdue"),
            _receivables(who, due_from=None, due_to=today - dt.timedelta(days=1), as_of=now),
            _receivables(who, due_from=None, due_to=last.end, as_of=last_end_at),
            money=True,
            lower_is_better=True,
        ),
        Figure(
            "visits",
            _("Visits done"),
            done,
            done_prev,
            of=due,
            previous_of=due_prev,
        ),
        Figure(
            "pool_in",
            _("Into the pool"),
            _pool(who, this, since, into=True),
            _pool(who, last, since, into=True),
            lower_is_better=True,
        ),
        Figure(
            "pool_out",
            _("Claimed from the pool"),
            _pool(who, this, since, into=False),
            _pool(who, last, since, into=False),
        ),
    ]
    months = [add_months(this.start, -i) for i in range(CHART_MONTHS - 1, -1, -1)]
    return {
        "figures": figures,
        "this_month": this.start,
        "last_month": last.start,
        "today": today,
        "run": run,
        "chart_months": list(zip(months, _sales_by_month(who, months, since), strict=True)),
    }


def briefing_view_data(*, user, now: dt.datetime, scope: str) -> dict | None:
    """What the briefing panel shows: the scopes to choose from, the chosen one (the widest
    when `scope` is not one of them) and its figures; None when the user has no briefing."""
    scopes = briefing_scopes_for(user=user)
    if not scopes:
        return None
    if scope not in scopes:
        scope = briefing_default_scope(scopes)
    who = briefing_who(user=user, scope=scope)
    data = sales_briefing(who=who, now=now)
    return {
        **data,
        "scope": scope,
        "scopes": [(key, SCOPE_LABELS[key]) for key in scopes],
        "chart": _chart(data["chart_months"]),
    }


def _chart(rows: list[tuple[dt.date, Decimal]]):
    """The one chart: confirmed sales of the last months, drawn by analysis.charts."""
    table = Table(
        key="briefing-sales",
        title=str(_("Confirmed sales by month")),
        columns=[Column(str(_("Month")), TEXT), Column(str(_("Confirmed sales")), MONEY)],
        rows=[[date_format(month, "YEAR_MONTH_FORMAT"), amount] for month, amount in rows],
        chart=Chart("columns"),
    )
    geometry = chart_for(table, description=str(_("Confirmed sales of the last six months.")))
    return chart_svg(geometry) if geometry else ""
