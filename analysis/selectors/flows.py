"""Movements and discipline: pool flows (POOL-1…8), tier movements (DEAL-2) and visit
compliance per rep (VISIT-1…3)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from analysis import metrics as m
from analysis.selectors.common import (
    Names,
    by_key,
    count,
    facts_sum,
    month_label,
    monthly_sum,
    period_label,
)
from analysis.selectors.customers import tier_label
from analysis.selectors.scope import Filters
from analysis.tables import INT, PERCENT, TEXT, Chart, Column, Figure, Report, Table, percent
from crm.selectors import person_name
from deals.models import Tier
from pools.models import OwnershipReason

# --- pool flows ------------------------------------------------------------------------

IN_REASONS = (
    OwnershipReason.RELEASE,
    OwnershipReason.EXPIRY_NO_DEAL,
    OwnershipReason.EXPIRY_NO_SALE,
)
OUT_REASONS = (
    OwnershipReason.CLAIM,
    OwnershipReason.REFERRAL,
    OwnershipReason.FIRST_DEAL,
    OwnershipReason.ASSIGNMENT,
)


def _reason_label(value: str) -> str:
    if value in OwnershipReason.values:
        return str(OwnershipReason(value).label)
    return value


def report_pool(*, filters: Filters, names: Names) -> Report:
    rows = facts_sum(filters, (m.POOL_IN, m.POOL_OUT), "period", "key")
    per_period = by_key(rows, "metric", "period")
    claimed = by_key([r for r in rows if r["key"] == OwnershipReason.CLAIM], "period")
    trend = []
    for period in filters.periods():
        trend.append(
            [
                period_label(period, filters),
                count(per_period.get((m.POOL_IN, period))),
                count(per_period.get((m.POOL_OUT, period))),
                count(claimed.get((period,))),
            ]
        )
    reasons = by_key(rows, "metric", "key")
    reason_rows = []
    for metric, known, direction in (
        (m.POOL_IN, IN_REASONS, _("Into the pool")),
        (m.POOL_OUT, OUT_REASONS, _("Out of the pool")),
    ):
        keys = [*known, *sorted(k for (mt, k) in reasons if mt == metric and k not in known)]
        for key in keys:
            value = count(reasons.get((metric, key)))
            if value or key in known:
                reason_rows.append([_reason_label(key), direction, value])
    into, out = sum(r[1] for r in trend), sum(r[2] for r in trend)
    return Report(
        key="pool",
        title=_("Pool flows"),
        intro=_(
            "Customers going into the customer pool (released, or expired) "
            "and out of it (claimed, referred, first deal, assigned), from the history "
            "of owners. Into the pool counts for the team of the last owner, out of "
            "it for the team of the new owner."
        ),
        figures=[
            Figure(_("Into the pool"), into),
            Figure(_("Out of the pool"), out),
            Figure(_("Claimed"), sum(r[3] for r in trend)),
            Figure(_("Net change of the pool"), into - out),
        ],
        tables=[
            Table(
                key="trend",
                title=_("In, out and claimed"),
                columns=[
                    Column(_("Period"), TEXT),
                    Column(_("Into the pool"), INT),
                    Column(_("Out of the pool"), INT),
                    Column(_("Claimed"), INT),
                ],
                rows=trend,
                totals=[_("Total"), into, out, sum(r[3] for r in trend)],
                chart=Chart("columns", (1, 2, 3)),
            ),
            Table(
                key="reasons",
                title=_("By reason and rule"),
                columns=[
                    Column(_("Reason (rule)"), TEXT),
                    Column(_("Movement"), TEXT),
                    Column(_("Customers"), INT),
                ],
                rows=reason_rows,
                chart=Chart("bars", (2,)),
            ),
        ],
    )


# --- tier movements --------------------------------------------------------------------

TIER_RANK = {Tier.C: 1, Tier.B: 2, Tier.A: 3, Tier.SPECIAL_VIP: 4, Tier.VIP: 5}
MATRIX_TIERS = [Tier.VIP, Tier.SPECIAL_VIP, Tier.A, Tier.B, Tier.C]


def tier_direction(key: str) -> str:
    """ "up", "down" or "new" for a movement key "from>to"."""
    before, _sep, after = key.partition(">")
    if not before:
        return "new"
    return "up" if TIER_RANK.get(after, 0) > TIER_RANK.get(before, 0) else "down"


def report_tiers(*, filters: Filters, names: Names) -> Report:
    rows = monthly_sum(filters, (m.TIER_MOVES,), "key")
    per_period: dict = {}
    matrix: dict = {}
    for row in rows:
        direction = tier_direction(row["key"])
        per_period[(row["period"], direction)] = per_period.get(
            (row["period"], direction), 0
        ) + count(row["total"])
        matrix[row["key"]] = matrix.get(row["key"], 0) + count(row["total"])
    trend = [
        [
            month_label(period),
            per_period.get((period, "up"), 0),
            per_period.get((period, "down"), 0),
            per_period.get((period, "new"), 0),
        ]
        for period in filters.months()
    ]
    matrix_rows = []
    for before in [*MATRIX_TIERS, ""]:
        label = tier_label(before) if before else _("No tier yet")
        matrix_rows.append([label, *(matrix.get(f"{before}>{after}", 0) for after in MATRIX_TIERS)])
    up, down, new = (sum(r[i] for r in trend) for i in (1, 2, 3))
    return Report(
        key="tiers",
        title=_("Tier movements"),
        intro=_(
            "Customers moving up or down between tiers (VIP, special VIP, A, B, C), "
            "from the history of the tier recomputations, and customers getting a tier for "
            "the first time, per month. Customers count for the team of their owner."
        ),
        figures=[
            Figure(_("Moved up"), up),
            Figure(_("Moved down"), down),
            Figure(_("First tier"), new),
        ],
        tables=[
            Table(
                key="trend",
                title=_("Up and down per month"),
                columns=[
                    Column(_("Month"), TEXT),
                    Column(_("Moved up"), INT),
                    Column(_("Moved down"), INT),
                    Column(_("First tier"), INT),
                ],
                rows=trend,
                totals=[_("Total"), up, down, new],
                chart=Chart("columns", (1, 2, 3)),
            ),
            Table(
                key="matrix",
                title=_("From which tier to which"),
                columns=[
                    Column(_("From \\ to"), TEXT),
                    *(Column(tier_label(t), INT) for t in MATRIX_TIERS),
                ],
                rows=matrix_rows,
                note=_("Special VIP to VIP counts as up: long-term cooperation ranks higher."),
            ),
        ],
    )


# --- visit compliance --------------------------------------------------------------------

VISIT_METRICS = (m.VISIT_DUE, m.VISIT_ON_TIME, m.VISIT_LATE, m.VISIT_OVERDUE)


def _visit_row(label, due, on_time, late, overdue) -> list:
    waiting = max(due - on_time - late - overdue, 0)
    return [label, due, on_time, late, overdue, waiting, percent(on_time, due - waiting)]


def report_visits(*, filters: Filters, names: Names) -> Report:
    columns = [
        Column(_("Tasks due"), INT),
        Column(_("Done on time"), INT),
        Column(_("Done late"), INT),
        Column(_("Open and overdue"), INT),
        Column(_("Not yet due"), INT),
        Column(_("On time"), PERCENT),
    ]
    per_rep = by_key(facts_sum(filters, VISIT_METRICS, "key"), "metric", "key")
    rep_ids = {int(k) for _metric, k in per_rep if k.isdigit()}
    users = {u.pk: person_name(u) for u in get_user_model().objects.filter(pk__in=rep_ids)}
    users[0] = _("Nobody yet (a doctor's visit before custody)")
    rep_rows = [
        _visit_row(
            users.get(pk, str(pk)),
            *(count(per_rep.get((metric, str(pk)))) for metric in VISIT_METRICS),
        )
        for pk in sorted(rep_ids, key=lambda pk: (pk == 0, users.get(pk, "")))
    ]
    monthly = by_key(monthly_sum(filters, VISIT_METRICS), "metric", "period")
    month_rows = [
        _visit_row(
            month_label(month),
            *(count(monthly.get((metric, month))) for metric in VISIT_METRICS),
        )
        for month in filters.months()
    ]
    totals = _visit_row(_("Total"), *(sum(r[i] for r in rep_rows) for i in range(1, 5)))
    return Report(
        key="visits",
        title=_("Visit compliance"),
        intro=_(
            "Follow-up visits per rep: the tasks due in the period and how many "
            "were done by their due day. Tasks closed as superseded do not count. "
            "Counted for the team of the rep the task is for, by the month it is due."
        ),
        figures=[
            Figure(_("Visits due"), totals[1]),
            Figure(_("Done on time"), totals[2]),
            Figure(_("Open and overdue"), totals[4]),
            Figure(_("On time"), totals[6], PERCENT),
        ],
        tables=[
            Table(
                key="reps",
                title=_("Per rep"),
                columns=[Column(_("Rep"), TEXT), *columns],
                rows=rep_rows,
                totals=totals if rep_rows else None,
                chart=Chart("bars", (1, 2)),
                note=_("On time: done by the due day, of the tasks due so far."),
            ),
            Table(
                key="months",
                title=_("Per month"),
                columns=[Column(_("Month"), TEXT), *columns],
                rows=month_rows,
                chart=Chart("columns", (6,)),
            ),
        ],
    )
