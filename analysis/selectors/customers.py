"""The customer side of REPORT-2: profile, persistency (loyalty), profitability,
prospecting and promotion."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.db.models import Case, Count, F, Max, Min, Q, Sum, When
from django.urls import reverse
from django.utils.translation import gettext as _

from analysis import metrics as m
from analysis.models import CustomerMonth
from analysis.selectors.common import (
    ZERO,
    Names,
    breakdown_table,
    buyers_query,
    by_key,
    count,
    facts_sum,
    money,
    month_label,
    monthly_sum,
    period_label,
    share_rows,
)
from analysis.selectors.scope import Filters
from analysis.tables import (
    INT,
    MONEY,
    PERCENT,
    TEXT,
    Chart,
    Column,
    Figure,
    Link,
    Report,
    Table,
    percent,
)
from crm.parameters import param
from customers.models import Campaign, Customer, CustomerKind, Event, InformationSource
from deals.models import Tier

TIER_ORDER = [Tier.VIP, Tier.SPECIAL_VIP, Tier.A, Tier.B, Tier.C, ""]


def source_label(value: str) -> str:
    if value in InformationSource.values:
        return str(InformationSource(value).label)
    return _("Not recorded")


def tier_label(value: str) -> str:
    if value in Tier.values:
        return str(Tier(value).label)
    return _("No tier (no deal yet)")


def kind_label(value: str) -> str:
    return str(CustomerKind(value).label) if value in CustomerKind.values else value


# --- P1 profile --------------------------------------------------------------------------


def report_profile(*, filters: Filters, names: Names) -> Report:
    rows = facts_sum(
        filters, (m.PROFILE_SOURCE, m.PROFILE_TIER, m.PROFILE_KIND), "key", "region_id"
    )
    totals: dict[str, dict] = {m.PROFILE_SOURCE: {}, m.PROFILE_TIER: {}, m.PROFILE_KIND: {}}
    regions: dict[int, Decimal] = {}
    for row in rows:
        bucket = totals[row["metric"]]
        bucket[row["key"]] = bucket.get(row["key"], ZERO) + row["total"]
        if row["metric"] == m.PROFILE_SOURCE:
            regions[row["region_id"]] = regions.get(row["region_id"], ZERO) + row["total"]
    customers = sum(totals[m.PROFILE_SOURCE].values(), ZERO)
    label = _("Customers")
    return Report(
        key="profile",
        title=_("Profile"),
        intro=_(
            "Who the customers recorded in the period are: where we learned of them, their "
            "tier today, person or organisation, and region. Customers count for the team of "
            "their owner."
        ),
        figures=[Figure(_("Customers recorded"), count(customers))],
        tables=[
            breakdown_table(
                key="source",
                title=_("Customers by information source"),
                heading=_("Information source"),
                value_label=label,
                value_kind=INT,
                rows=share_rows(totals[m.PROFILE_SOURCE], source_label),
            ),
            breakdown_table(
                key="tier",
                title=_("Customers by tier today"),
                heading=_("Tier"),
                value_label=label,
                value_kind=INT,
                rows=share_rows(totals[m.PROFILE_TIER], tier_label, order=TIER_ORDER),
            ),
            breakdown_table(
                key="kind",
                title=_("People and organisations"),
                heading=_("Kind"),
                value_label=label,
                value_kind=INT,
                rows=share_rows(totals[m.PROFILE_KIND], kind_label),
            ),
            breakdown_table(
                key="region",
                title=_("Customers by region"),
                heading=_("Region"),
                value_label=label,
                value_kind=INT,
                rows=share_rows(regions, names.region, other=_("Other regions")),
            ),
        ],
    )


# --- P2 persistency (loyalty) and churn ----------------------------------------------------

POOL_IN_COLUMNS = (
    ("expiry_no_sale", lambda: _("Stopped buying")),
    ("expiry_no_deal", lambda: _("No first deal")),
    ("release", lambda: _("Released by the owner")),
)


def report_loyalty(*, filters: Filters, names: Names) -> Report:
    months = CustomerMonth.objects.filter(**filters.month_filter()).order_by()
    with buyers_query():
        per_month = {
            row["month"]: row
            for row in months.values("month").annotate(
                buyers=Count("pk"), first=Count("pk", filter=Q(first_month=F("month")))
            )
        }
        totals = _loyalty_totals(months, filters)
    loyalty_rows = []
    for month in filters.months():
        row = per_month.get(month, {})
        buyers, first = count(row.get("buyers")), count(row.get("first"))
        loyalty_rows.append([month_label(month), buyers, first, buyers - first])
    churn = by_key(_pool_in_by_month(filters), "period", "key")
    churn_rows = []
    for month in filters.months():
        values = [count(churn.get((month, reason))) for reason, _label in POOL_IN_COLUMNS]
        churn_rows.append([month_label(month), *values, sum(values)])
    buyers, repeat = count(totals["buyers"]), count(totals["repeat"])
    return Report(
        key="loyalty",
        title=_("Persistency and churn"),
        intro=_(
            "Customers who buy again, and customers who stopped buying or never bought and "
            "returned to the pool. A buyer has a payment confirmed by finance "
            "received in the month; a repeat buyer had bought in an earlier month. Counted "
            "by month."
        ),
        figures=[
            Figure(_("Buyers"), buyers),
            Figure(_("First-time buyers"), count(totals["first"])),
            Figure(_("Repeat buyers"), repeat),
            Figure(_("Repeat rate"), percent(repeat, buyers), PERCENT),
        ],
        tables=[
            Table(
                key="buyers",
                title=_("Buyers per month: first-time and returning"),
                columns=[
                    Column(_("Month"), TEXT),
                    Column(_("Buyers"), INT),
                    Column(_("First-time buyers"), INT),
                    Column(_("Returning buyers"), INT),
                ],
                rows=loyalty_rows,
                chart=Chart("columns", (2, 3), stacked=True),
                note=_("Buyers in the whole period are counted once however often they bought."),
            ),
            Table(
                key="churn",
                title=_("Customers returned to the pool per month"),
                columns=[
                    Column(_("Month"), TEXT),
                    *(Column(label(), INT) for _reason, label in POOL_IN_COLUMNS),
                    Column(_("Total"), INT),
                ],
                rows=churn_rows,
                totals=_column_totals(churn_rows),
                chart=Chart("columns", (1, 2, 3), stacked=True),
                note=_("Counted for the team of the owner who lost the customer."),
            ),
        ],
    )


def _loyalty_totals(months, filters: Filters) -> dict:
    """Buyers of the period, first-time and repeat: per buyer first (one hash aggregate),
    then counted, rather than three COUNT(DISTINCT …)."""
    return (
        months.values("customer_id")
        .annotate(
            _first=Min("first_month"),
            _again=Max(Case(When(month__gt=F("first_month"), then=1), default=0)),
        )
        .aggregate(
            buyers=Count("customer_id"),
            first=Count("customer_id", filter=Q(_first__gte=filters.start)),
            repeat=Count("customer_id", filter=Q(_again=1)),
        )
    )


def _pool_in_by_month(filters: Filters) -> list[dict]:
    return monthly_sum(filters, (m.POOL_IN,), "key")


def _column_totals(rows: list[list]) -> list:
    if not rows:
        return []
    return [_("Total"), *(sum(row[i] for row in rows) for i in range(1, len(rows[0])))]


# --- P3 profitability ------------------------------------------------------------------


def profitability_ranked(filters: Filters, *, limit: int) -> tuple[list, list, dict]:
    """The top `limit` buyers of the period and the buyers and amounts per band of the
    DEAL-2 thresholds: one query over each buyer's total (a hash aggregate, then a top-N
    sort and a grouping by band; no full sort of the buyers)."""
    vip, a_min, b_min = (
        param(k) for k in ("deal.tier_vip_min", "deal.tier_a_min", "deal.tier_b_min")
    )
    sums = (
        CustomerMonth.objects.filter(**filters.month_filter())
        .order_by()
        .values("customer_id")
        .annotate(s=Sum("amount"))
    )
    sql, params = sums.query.sql_with_params()
    statement = (
        f"WITH sums AS ({sql}) "
        "SELECT 0, customer_id, s FROM (SELECT customer_id, s FROM sums "
        "ORDER BY s DESC, customer_id LIMIT %s) AS top "
        "UNION ALL "
        "SELECT 1, CASE WHEN s >= %s THEN 0 WHEN s >= %s THEN 1 WHEN s >= %s THEN 2 ELSE 3 END, "
        "COUNT(*) FROM sums GROUP BY 2 "
        "UNION ALL "
        "SELECT 2, CASE WHEN s >= %s THEN 0 WHEN s >= %s THEN 1 WHEN s >= %s THEN 2 ELSE 3 END, "
        "SUM(s) FROM sums GROUP BY 2"
    )
    with buyers_query(), connection.cursor() as cursor:
        cursor.execute(statement, [*params, limit, vip, a_min, b_min, vip, a_min, b_min])
        rows = cursor.fetchall()
    top = sorted(
        ((money(value), int(key)) for part, key, value in rows if part == 0),
        key=lambda row: (-row[0], row[1]),
    )
    counts = {int(key): int(value) for part, key, value in rows if part == 1}
    amounts = {int(key): money(value) for part, key, value in rows if part == 2}
    labels = [
        _("%(min)s or more") % {"min": f"¥{vip:,.0f}"},
        _("%(min)s to %(max)s") % {"min": f"¥{a_min:,.0f}", "max": f"¥{vip - 1:,.0f}"},
        _("%(min)s to %(max)s") % {"min": f"¥{b_min:,.0f}", "max": f"¥{a_min - 1:,.0f}"},
        _("Under %(max)s") % {"max": f"¥{b_min:,.0f}"},
    ]
    bands = [(label, counts.get(i, 0), amounts.get(i, ZERO)) for i, label in enumerate(labels)]
    summary = {"buyers": sum(counts.values()), "total": sum(amounts.values(), ZERO)}
    ranked = [(rank, pk, amount) for rank, (amount, pk) in enumerate(top, start=1)]
    return ranked, bands, summary


def report_profitability(*, filters: Filters, names: Names) -> Report:
    limit = param("analysis.top_customers")
    top, bands, summary = profitability_ranked(filters, limit=limit)
    customer_names = dict(
        Customer.objects.filter(pk__in=[pk for _rank, pk, _amount in top]).values_list("pk", "name")
    )
    whole = summary["total"]
    running = ZERO
    top_rows = []
    for rank, pk, amount in top:
        running += amount
        url = reverse("customers:customer_detail", args=[pk])
        top_rows.append(
            [
                Link(f"{rank}. {customer_names.get(pk, pk)}", url),
                amount,
                percent(amount, whole),
                percent(running, whole),
            ]
        )
    buyers = summary["buyers"]
    return Report(
        key="profitability",
        title=_("Profitability"),
        intro=_(
            "Which customers bring the money: confirmed payments received in the "
            "period, per customer, and their share of the whole. Customers count for the team "
            "of their owner."
        ),
        figures=[
            Figure(_("Confirmed sales"), whole, MONEY),
            Figure(_("Buyers"), buyers),
            Figure(_("Average per buyer"), money(whole / buyers) if buyers else ZERO, MONEY),
            Figure(
                _("Share of the top %(count)s") % {"count": len(top_rows)},
                top_rows[-1][3] if top_rows else percent(0, 0),
                PERCENT,
            ),
        ],
        tables=[
            Table(
                key="top",
                title=_("Top %(count)s customers by confirmed amount") % {"count": limit},
                columns=[
                    Column(_("Customer"), TEXT),
                    Column(_("Confirmed amount"), MONEY),
                    Column(_("Share of sales"), PERCENT),
                    Column(_("Cumulative share"), PERCENT),
                ],
                rows=top_rows,
                chart=Chart("bars", (1,)),
            ),
            Table(
                key="bands",
                title=_("Buyers by amount bought in the period"),
                columns=[
                    Column(_("Amount in the period"), TEXT),
                    Column(_("Buyers"), INT),
                    Column(_("Confirmed amount"), MONEY),
                    Column(_("Share of sales"), PERCENT),
                ],
                rows=[[label, n, s, percent(s, whole)] for label, n, s in bands],
                totals=[_("Total"), buyers, whole, percent(whole, whole)],
                chart=Chart("bars", (2,)),
                note=_("The bands are the tier thresholds, applied to the period."),
            ),
        ],
        download_needs="customers.export_customers",
    )


# --- P5 prospecting ----------------------------------------------------------------------


def report_prospecting(*, filters: Filters, names: Names) -> Report:
    trend = by_key(facts_sum(filters, (m.NEW_CUSTOMERS, m.SURVEYS), "period"), "metric", "period")
    rows = []
    for period in filters.periods():
        rows.append(
            [
                period_label(period, filters),
                count(trend.get((m.NEW_CUSTOMERS, period))),
                count(trend.get((m.SURVEYS, period))),
            ]
        )
    teams = by_key(facts_sum(filters, (m.NEW_CUSTOMERS, m.SURVEYS), "team_id"), "metric", "team_id")
    team_ids = sorted({t for _metric, t in teams}, key=lambda t: (t == 0, names.team(t)))
    team_rows = [
        [names.team(t), count(teams.get((m.NEW_CUSTOMERS, t))), count(teams.get((m.SURVEYS, t)))]
        for t in team_ids
    ]
    new, surveys = sum(r[1] for r in rows), sum(r[2] for r in rows)
    return Report(
        key="prospecting",
        title=_("Prospecting"),
        intro=_(
            "New customers recorded and surveys collected, per week or month. Both "
            "count for the team of the rep who collected them."
        ),
        figures=[Figure(_("New customers"), new), Figure(_("Surveys collected"), surveys)],
        tables=[
            Table(
                key="trend",
                title=_("New customers and surveys"),
                columns=[
                    Column(_("Period"), TEXT),
                    Column(_("New customers"), INT),
                    Column(_("Surveys collected"), INT),
                ],
                rows=rows,
                totals=[_("Total"), new, surveys],
                chart=Chart("columns", (1, 2)),
            ),
            Table(
                key="teams",
                title=_("By team"),
                columns=[
                    Column(_("Team"), TEXT),
                    Column(_("New customers"), INT),
                    Column(_("Surveys collected"), INT),
                ],
                rows=team_rows,
                chart=Chart("bars", (1, 2)),
            ),
        ],
    )


# --- P7 promotion: campaigns and events -------------------------------------------------


def report_promotion(*, filters: Filters, names: Names) -> Report:
    event_metrics = (m.EVENT_ATTENDEES, m.EVENT_BUYERS, m.EVENT_SALES)
    facts = by_key(
        facts_sum(filters, (m.SURVEYS_CAMPAIGN, m.CAMPAIGN_CUSTOMERS, *event_metrics), "key"),
        "metric",
        "key",
    )
    with buyers_query():
        bought = {
            row["campaign_id"]: row
            for row in CustomerMonth.objects.filter(**filters.month_filter())
            .exclude(campaign_id=0)
            .order_by()
            .values("campaign_id")
            .annotate(buyers=Count("customer_id", distinct=True), total=Sum("amount"))
        }
    ids = {
        int(k)
        for metric, k in facts
        if metric in (m.SURVEYS_CAMPAIGN, m.CAMPAIGN_CUSTOMERS) and k != "0"
    } | set(bought)
    campaigns = {c.pk: str(c) for c in Campaign.objects.filter(pk__in=ids)}
    campaign_rows = []
    for pk in sorted(ids, key=lambda pk: campaigns.get(pk, "")):
        key = str(pk)
        campaign_rows.append(
            [
                campaigns.get(pk, _("Campaign #%(id)s") % {"id": pk}),
                count(facts.get((m.SURVEYS_CAMPAIGN, key))),
                count(facts.get((m.CAMPAIGN_CUSTOMERS, key))),
                count(bought.get(pk, {}).get("buyers")),
                money(bought.get(pk, {}).get("total")),
            ]
        )
    events = facts
    event_ids = {int(k) for metric, k in facts if metric in event_metrics}
    latest = list(Event.objects.filter(pk__in=event_ids).order_by("-held_on", "-pk")[:EVENTS_SHOWN])
    event_rows = [
        [
            f"{event.name} ({event.held_on:%Y-%m-%d})",
            count(events.get((m.EVENT_ATTENDEES, str(event.pk)))),
            count(events.get((m.EVENT_BUYERS, str(event.pk)))),
            money(events.get((m.EVENT_SALES, str(event.pk)))),
        ]
        for event in latest
    ]
    days = param("analysis.event_sales_days")
    return Report(
        key="promotion",
        title=_("Promotion"),
        intro=_(
            "What the campaigns and company events brought: surveys, new "
            "customers, buyers and confirmed sales."
        ),
        figures=[
            Figure(_("Surveys collected"), sum(r[1] for r in campaign_rows)),
            Figure(_("Event attendees"), sum(r[1] for r in event_rows)),
            Figure(_("Sales after events"), sum((r[3] for r in event_rows), ZERO), MONEY),
        ],
        tables=[
            Table(
                key="campaigns",
                title=_("Campaigns"),
                columns=[
                    Column(_("Campaign"), TEXT),
                    Column(_("Surveys collected"), INT),
                    Column(_("New customers"), INT),
                    Column(_("Buyers"), INT),
                    Column(_("Confirmed sales"), MONEY),
                ],
                rows=campaign_rows,
                chart=Chart("bars", (1,)),
                note=_(
                    "New customers: first surveyed under the campaign in the period. Buyers and "
                    "sales: customers first surveyed under the campaign, whenever, who bought "
                    "in the period."
                ),
            ),
            Table(
                key="events",
                title=_("Events"),
                columns=[
                    Column(_("Event"), TEXT),
                    Column(_("Attendees"), INT),
                    Column(_("Bought at the event"), INT),
                    Column(_("Confirmed sales"), MONEY),
                ],
                rows=event_rows,
                chart=Chart("bars", (3,)),
                note=_(
                    "Confirmed sales: payments of the attendees received from the day of the "
                    "event to %(days)s days after it. The latest %(count)s events are shown."
                )
                % {"days": days, "count": EVENTS_SHOWN},
            ),
        ],
    )


EVENTS_SHOWN = 30
