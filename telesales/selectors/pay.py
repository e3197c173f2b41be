"""TEL-5: a telesales rep's monthly pay statement, every line traceable to its records.

pay = base + valid calls × rate + A prospects × rate + B prospects × rate
      + percent of the payments collected on the rep's prospects

- valid calls: the rep's calls of the month judged valid when logged (TEL-1);
- A/B prospects: the rep's prospects graded A or B in the month, at the grade they hold
  now (TEL-4);
- payments collected: payments finance confirmed in the month (DEAL-1) on the customers
  the rep's prospects became, from deals not cancelled.

Each rate is a rule parameter (telesales/parameters.py). Money is Decimal, rounded to fen
line by line. While the rep's commission is withheld (HAND-1) everything above the base
is shown as withheld, not payable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum

from crm.models import StaffProfile
from crm.parameters import param
from deals.models import DealStatus, Payment, PaymentStatus
from telesales.models import Call, Grade, Prospect
from telesales.services.calls import day_bounds

FEN = Decimal("0.01")
ZERO = Decimal("0.00")


def fen(value: Decimal) -> Decimal:
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def month_first(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_next(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The local month [first day 00:00, next month's first day 00:00)."""
    return day_bounds(month)[0], day_bounds(month_next(month))[0]


def pay_rates() -> dict[str, Decimal]:
    return {
        "base": param("telesales.pay_base"),
        "valid_call": param("telesales.pay_per_valid_call"),
        "a": param("telesales.pay_per_a"),
        "b": param("telesales.pay_per_b"),
        "percent": param("telesales.pay_collection_percent"),
    }


# The records behind each line ------------------------------------------------------------


def pay_valid_calls(*, rep, month: dt.date) -> QuerySet[Call]:
    start, end = month_bounds(month)
    return (
        Call.objects.filter(rep=rep, is_valid=True, called_at__gte=start, called_at__lt=end)
        .select_related("prospect")
        .order_by("called_at", "pk")
    )


def pay_graded_prospects(*, rep_ids: Iterable[int], month: dt.date) -> QuerySet[Prospect]:
    start, end = month_bounds(month)
    return Prospect.objects.filter(
        owner_id__in=list(rep_ids),
        grade__in=[Grade.A, Grade.B],
        graded_at__gte=start,
        graded_at__lt=end,
    ).order_by("grade", "graded_at", "pk")


def pay_payments(*, rep_ids: Iterable[int], month: dt.date) -> QuerySet[Payment]:
    start, end = month_bounds(month)
    return (
        Payment.objects.filter(
            status=PaymentStatus.CONFIRMED,
            confirmed_at__gte=start,
            confirmed_at__lt=end,
            customer__telesales_prospect__owner_id__in=list(rep_ids),
        )
        .exclude(deal__status=DealStatus.CANCELLED)
        .order_by("confirmed_at", "pk")
    )


# The figures ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PayLine:
    key: str  # base, valid_calls, a, b, collected
    basis: Decimal | int | None  # what is counted or summed (None for the base)
    rate: Decimal  # per unit, or the percent for "collected"
    amount: Decimal


@dataclass(frozen=True)
class PayStatement:
    rep: object
    month: dt.date
    lines: list[PayLine]
    total: Decimal
    withheld: Decimal
    payable: Decimal
    is_withheld: bool
    rates: dict = field(default_factory=dict)

    def line(self, key: str) -> PayLine:
        return next(line for line in self.lines if line.key == key)


def pay_figures_by_rep(*, rep_ids: Iterable[int], month: dt.date) -> dict[int, dict]:
    """Valid calls, A and B prospects and confirmed collections per rep: three queries."""
    ids = list(rep_ids)
    start, end = month_bounds(month)
    calls = dict(
        Call.objects.filter(rep_id__in=ids, is_valid=True, called_at__gte=start, called_at__lt=end)
        .order_by()
        .values("rep_id")
        .annotate(n=Count("pk"))
        .values_list("rep_id", "n")
    )
    graded = {
        row["owner_id"]: row
        for row in pay_graded_prospects(rep_ids=ids, month=month)
        .order_by()
        .values("owner_id")
        .annotate(a=Count("pk", filter=Q(grade=Grade.A)), b=Count("pk", filter=Q(grade=Grade.B)))
    }
    collected = dict(
        pay_payments(rep_ids=ids, month=month)
        .order_by()
        .values("customer__telesales_prospect__owner_id")
        .annotate(s=Sum("amount"))
        .values_list("customer__telesales_prospect__owner_id", "s")
    )
    return {
        rep_id: {
            "valid_calls": calls.get(rep_id, 0),
            "a": graded.get(rep_id, {}).get("a", 0),
            "b": graded.get(rep_id, {}).get("b", 0),
            "collected": fen(collected.get(rep_id) or ZERO),
        }
        for rep_id in ids
    }


def pay_statement_build(
    *, rep, month: dt.date, figures: dict, rates: dict, withheld: bool
) -> PayStatement:
    """The statement from the counted figures: pure arithmetic, each line rounded to fen."""
    lines = [
        PayLine("base", None, rates["base"], fen(rates["base"])),
        PayLine(
            "valid_calls",
            figures["valid_calls"],
            rates["valid_call"],
            fen(figures["valid_calls"] * rates["valid_call"]),
        ),
        PayLine("a", figures["a"], rates["a"], fen(figures["a"] * rates["a"])),
        PayLine("b", figures["b"], rates["b"], fen(figures["b"] * rates["b"])),
        PayLine(
            "collected",
            figures["collected"],
            rates["percent"],
            fen(figures["collected"] * rates["percent"] / Decimal(100)),
        ),
    ]
    total = sum((line.amount for line in lines), ZERO)
    variable = total - lines[0].amount
    held = variable if withheld else ZERO
    return PayStatement(
        rep=rep,
        month=month,
        lines=lines,
        total=total,
        withheld=held,
        payable=total - held,
        is_withheld=withheld,
        rates=rates,
    )


def _withheld(rep) -> bool:
    try:
        return bool(rep.staff.commission_withheld)
    except StaffProfile.DoesNotExist:
        return False


def pay_statement_for(*, rep, month: dt.date) -> PayStatement:
    """TEL-5: one rep's statement for the month starting `month`."""
    figures = pay_figures_by_rep(rep_ids=[rep.pk], month=month)[rep.pk]
    return pay_statement_build(
        rep=rep, month=month, figures=figures, rates=pay_rates(), withheld=_withheld(rep)
    )


def pay_statements_for(*, reps: list, month: dt.date) -> list[PayStatement]:
    """The statements of several reps (reps with `staff` loaded): three queries."""
    figures = pay_figures_by_rep(rep_ids=[r.pk for r in reps], month=month)
    rates = pay_rates()
    return [
        pay_statement_build(
            rep=r, month=month, figures=figures[r.pk], rates=rates, withheld=_withheld(r)
        )
        for r in reps
    ]
