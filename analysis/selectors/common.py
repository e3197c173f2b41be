"""Helpers shared by the analysis reports: reading the figures and naming their keys."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Sum
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from analysis.models import Fact
from analysis.selectors.scope import WEEK, Filters
from analysis.tables import PERCENT, Chart, Column, Table, percent

ZERO = Decimal("0")
OTHER_ROWS = 12  # categories shown one by one; the rest are summed as "other"
# Memory for one query over every buyer of a period (a hash aggregate of ~100,000 groups at a
# million customers): PostgreSQL's default of 4 MB would spill it to disk.
BUYERS_WORK_MEM = "64MB"


@contextmanager
def buyers_query():
    """Around a query that aggregates per buyer (CustomerMonth): room to do it in memory."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL work_mem = '{BUYERS_WORK_MEM}'")
        yield


@dataclass
class Names:
    """Labels for ids, loaded once per page (teams and regions come with the filters)."""

    teams: dict[int, str] = field(default_factory=dict)
    regions: dict[int, str] = field(default_factory=dict)

    def team(self, pk: int) -> str:
        if not pk:
            return _("No team (the pool)")
        return self.teams.get(pk) or _("Team #%(id)s") % {"id": pk}

    def region(self, pk: int) -> str:
        if not pk:
            return _("No region")
        return self.regions.get(pk) or _("Region #%(id)s") % {"id": pk}


def facts_sum(filters: Filters, metrics: list[str] | tuple[str, ...], *group: str) -> list[dict]:
    """Sums of `value` per metric and `group` (field names or "period") within the filters."""
    qs = Fact.objects.filter(metric__in=list(metrics), **filters.fact_filter()).order_by()
    if "period" in group:
        bucket = TruncWeek("day") if filters.by == WEEK else TruncMonth("day")
        qs = qs.annotate(period=bucket)
    return list(qs.values("metric", *group).annotate(total=Sum("value")))


def monthly_sum(filters: Filters, metrics, *group: str) -> list[dict]:
    """`facts_sum` grouped by month whatever the page's step (for monthly metrics)."""
    qs = Fact.objects.filter(metric__in=list(metrics), **filters.fact_filter()).order_by()
    qs = qs.annotate(period=TruncMonth("day"))
    return list(qs.values("metric", "period", *group).annotate(total=Sum("value")))


def as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def period_label(day: dt.date, filters: Filters) -> str:
    if filters.by == WEEK:
        return day.isoformat()
    return f"{day:%Y-%m}"


def month_label(day: dt.date) -> str:
    return f"{day:%Y-%m}"


def count(value) -> int:
    return int(value or 0)


def money(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"))


def share_rows(
    totals: dict[str, Decimal],
    label,
    *,
    keep: int = OTHER_ROWS,
    other: str | None = None,
    order: list[str] | None = None,
) -> list[tuple[str, Decimal]]:
    """(label, value) rows, largest first (or in `order`), the tail beyond `keep` summed."""
    items = [(k, v) for k, v in totals.items() if v]
    if order is not None:
        rank = {k: i for i, k in enumerate(order)}
        items.sort(key=lambda kv: (rank.get(kv[0], len(rank)), kv[0]))
    else:
        items.sort(key=lambda kv: (-kv[1], label(kv[0])))
    rows = [(label(k), v) for k, v in items[:keep]]
    rest = sum((v for _k, v in items[keep:]), ZERO)
    if rest:
        rows.append((other or _("Others"), rest))
    return rows


def breakdown_table(
    *,
    key: str,
    title: str,
    heading: str,
    value_label: str,
    value_kind: str,
    rows: list[tuple[str, Decimal]],
    description: str = "",
) -> Table:
    """A category table (name, value, share of the total) drawn as horizontal bars."""
    whole = sum((v for _label, v in rows), ZERO)
    convert = int if value_kind == "int" else money
    return Table(
        key=key,
        title=title,
        columns=[
            Column(heading, "text"),
            Column(value_label, value_kind),
            Column(_("Share"), PERCENT),
        ],
        rows=[[label, convert(v), percent(v, whole)] for label, v in rows],
        totals=[_("Total"), convert(whole), percent(whole, whole)] if rows else None,
        chart=Chart("bars", (1,)),
        description=description,
    )


def by_key(rows: list[dict], *fields: str) -> dict:
    """Index `facts_sum` rows: {(field values…): total}."""
    found: dict = defaultdict(lambda: ZERO)
    for row in rows:
        found[tuple(row[f] for f in fields)] += row["total"] or ZERO
    return found


def short_date(day: dt.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")
