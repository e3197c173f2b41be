"""The sales side of REPORT-2: performance (by product, channel, region, team) and the
product mix. Sales are payments confirmed by finance (DEAL-1), by the day received, and
count for the team of the rep who closed the deal."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from analysis import metrics as m
from analysis.selectors.common import (
    ZERO,
    Names,
    breakdown_table,
    by_key,
    count,
    facts_sum,
    money,
    month_label,
    monthly_sum,
    period_label,
    share_rows,
)
from analysis.selectors.customers import source_label
from analysis.selectors.scope import Filters
from analysis.tables import INT, MONEY, PERCENT, TEXT, Chart, Column, Figure, Report, Table, percent

PRODUCTS_SHOWN = 10
MIX_PRODUCTS = 5


def report_performance(*, filters: Filters, names: Names) -> Report:
    trend = by_key(facts_sum(filters, (m.SALES, m.PAYMENTS), "period"), "metric", "period")
    rows = [
        [
            period_label(period, filters),
            money(trend.get((m.SALES, period))),
            count(trend.get((m.PAYMENTS, period))),
        ]
        for period in filters.periods()
    ]
    total = sum((r[1] for r in rows), ZERO)
    payments = sum(r[2] for r in rows)
    split = facts_sum(filters, (m.SALES_SOURCE,), "key", "region_id", "team_id")
    sources: dict[str, Decimal] = {}
    regions: dict[int, Decimal] = {}
    teams: dict[int, Decimal] = {}
    for row in split:
        sources[row["key"]] = sources.get(row["key"], ZERO) + row["total"]
        regions[row["region_id"]] = regions.get(row["region_id"], ZERO) + row["total"]
        teams[row["team_id"]] = teams.get(row["team_id"], ZERO) + row["total"]
    products = {row["key"]: row["total"] for row in facts_sum(filters, (m.SALES_PRODUCT,), "key")}
    money_label = _("Confirmed sales")
    return Report(
        key="performance",
        title=_("Performance"),
        intro=_(
            "Confirmed sales per week or month, and by product, channel (information "
            "source), region and team. Sales count for the team of the rep who closed the deal."
        ),
        figures=[
            Figure(_("Confirmed sales"), total, MONEY),
            Figure(_("Confirmed payments"), payments),
            Figure(_("Average payment"), money(total / payments) if payments else ZERO, MONEY),
        ],
        tables=[
            Table(
                key="trend",
                title=_("Confirmed sales over time"),
                columns=[
                    Column(_("Period"), TEXT),
                    Column(money_label, MONEY),
                    Column(_("Confirmed payments"), INT),
                ],
                rows=rows,
                totals=[_("Total"), total, payments],
                chart=Chart("columns", (1,)),
            ),
            breakdown_table(
                key="product",
                title=_("By product"),
                heading=_("Product"),
                value_label=money_label,
                value_kind=MONEY,
                rows=share_rows(products, str, keep=PRODUCTS_SHOWN, other=_("Other products")),
                description=_(
                    "Each confirmed payment is split over its deal's products in proportion to "
                    "their amounts, so products may differ from the total by a fen."
                ),
            ),
            breakdown_table(
                key="channel",
                title=_("By channel (information source)"),
                heading=_("Information source"),
                value_label=money_label,
                value_kind=MONEY,
                rows=share_rows(sources, source_label),
            ),
            breakdown_table(
                key="region",
                title=_("By region"),
                heading=_("Region"),
                value_label=money_label,
                value_kind=MONEY,
                rows=share_rows(regions, names.region, other=_("Other regions")),
            ),
            breakdown_table(
                key="team",
                title=_("By team"),
                heading=_("Team"),
                value_label=money_label,
                value_kind=MONEY,
                rows=share_rows(teams, names.team, keep=50),
            ),
        ],
    )


def report_products(*, filters: Filters, names: Names) -> Report:
    monthly = monthly_sum(filters, (m.SALES_PRODUCT,), "key")
    totals: dict[str, Decimal] = {}
    for row in monthly:
        totals[row["key"]] = totals.get(row["key"], ZERO) + row["total"]
    ranked = [k for k, v in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])) if v]
    leaders = ranked[:MIX_PRODUCTS]
    per_month = by_key(monthly, "period", "key")
    mix_rows = []
    for month in filters.months():
        values = [money(per_month.get((month, p))) for p in leaders]
        rest = money(
            sum(
                (v for (period, p), v in per_month.items() if period == month and p not in leaders),
                ZERO,
            )
        )
        mix_rows.append(
            [month_label(month), *values, *([rest] if len(ranked) > MIX_PRODUCTS else [])]
        )
    columns = [Column(_("Month"), TEXT), *(Column(p, MONEY) for p in leaders)]
    if len(ranked) > MIX_PRODUCTS:
        columns.append(Column(_("Other products"), MONEY))
    whole = sum(totals.values(), ZERO)
    top_share = percent(totals[ranked[0]], whole) if ranked else Decimal("0.0")
    mix = breakdown_table(
        key="mix",
        title=_("Share of each product"),
        heading=_("Product"),
        value_label=_("Confirmed sales"),
        value_kind=MONEY,
        rows=share_rows(totals, str, keep=15, other=_("Other products")),
    )
    return Report(
        key="products",
        title=_("Product mix"),
        intro=_(
            "What sells: each product's share of the confirmed sales, and how the mix "
            "moves from month to month. A payment is split over its deal's products in "
            "proportion to their amounts."
        ),
        figures=[
            Figure(_("Products sold"), len(ranked)),
            Figure(_("Confirmed sales"), money(whole), MONEY),
            Figure(_("Share of the best seller"), top_share, PERCENT),
        ],
        tables=[
            mix,
            Table(
                key="monthly",
                title=_("Product mix per month"),
                columns=columns,
                rows=mix_rows if leaders else [],
                chart=Chart("columns", tuple(range(1, len(columns))), stacked=True),
            ),
        ],
    )
