"""Reads of commission statements (DEAL-1, HAND-1).

A rep earns commission on every payment finance confirms (DEAL-1) on a deal they closed:
the deal's rep ("closed by") at the moment of confirmation, read from the deal's history,
so a later edit of the deal moves nothing already earned. The line falls in the month of
the confirmation. A refund or cancellation of a confirmed payment takes the same commission
back, at the rate it was earned, in the month of the refund: a closed month is never
rewritten. While a rep's commission is withheld (HAND-1, a leaver who has not handed
everything over), statements show it as withheld, not payable.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db.models import (
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from crm.models import StaffProfile
from crm.parameters import param
from deals.models import Deal, Payment, PaymentStatus
from performance.models import RATE, ZERO, CommissionKind, CommissionLine, CommissionStatement
from performance.months import month_bounds
from performance.selectors.points import month_closed_row

User = get_user_model()

RULE = "DEAL-1"
WITHHOLD_RULE = "HAND-1"
FEN = Decimal("0.01")
RATE_FIELD = DecimalField(**RATE)
OWN_PERMISSION = "performance.view_own_commission"
ALL_PERMISSION = "performance.view_all_commission"
PAY_PERMISSION = "performance.pay_commission"


class Status:
    """Where a statement stands, in the order a page explains it."""

    OPEN = "open"  # the month is not closed: figures may still change
    WITHHELD = "withheld"  # HAND-1
    PAID = "paid"
    PAYABLE = "payable"
    RECOVER = "recover"  # refunds outweigh the month's commission: to deduct
    NOTHING = "nothing"


def commission_rate() -> Decimal:
    return param("performance.commission_rate")


def commission_of(amount: Decimal, rate: Decimal) -> Decimal:
    """Commission on one payment, rounded to the fen (half up)."""
    return (amount * rate).quantize(FEN, rounding=ROUND_HALF_UP)


def commission_status(*, closed: bool, paid: bool, withheld: bool, commission: Decimal) -> str:
    if paid:
        return Status.PAID
    if withheld:
        return Status.WITHHELD
    if not closed:
        return Status.OPEN
    if commission > 0:
        return Status.PAYABLE
    if commission < 0:
        return Status.RECOVER
    return Status.NOTHING


def commission_withheld(*, rep) -> bool:
    """HAND-1: the rep's commission is withheld (a leaver with something not handed over)."""
    return StaffProfile.objects.filter(user=rep, commission_withheld=True).exists()


# Lines ----------------------------------------------------------------------------------


def _rep_at_confirmation():
    """The deal's rep when finance confirmed the payment (the deal's history), else now's."""
    history = Deal.history.model.objects.filter(
        id=OuterRef("deal_id"), history_date__lte=OuterRef("confirmed_at")
    ).order_by("-history_date", "-history_id")
    return Coalesce(
        Subquery(history.values("rep_id")[:1]), F("deal__rep_id"), output_field=IntegerField()
    )


def _not_yet(kind: str):
    return ~Exists(CommissionLine.objects.filter(payment=OuterRef("pk"), kind=kind))


def commission_lines(
    *, month: dt.date, rate: Decimal, rep_id: int | None = None
) -> list[CommissionLine]:
    """The month's lines not yet on a statement, unsaved, each with `rep_id` set (and the
    `customer_name` and `deal_id` a page shows).

    Credits: payments confirmed in the month, at `rate`. Reversals: confirmed payments
    refunded or cancelled in the month, at the rate the credit was frozen with (or `rate`
    when the credit is not on a closed statement either). Two queries, rows read as tuples.
    """
    start, end = month_bounds(month)
    credits = Payment.objects.filter(confirmed_at__gte=start, confirmed_at__lt=end).filter(
        _not_yet(CommissionKind.CREDIT)
    )
    frozen_rate = CommissionLine.objects.filter(
        payment=OuterRef("pk"), kind=CommissionKind.CREDIT
    ).values("rate")[:1]
    reversals = Payment.objects.filter(
        status__in=[PaymentStatus.REFUNDED, PaymentStatus.CANCELLED],
        confirmed_at__isnull=False,
        closed_at__gte=start,
        closed_at__lt=end,
    ).filter(_not_yet(CommissionKind.REVERSAL))
    lines = []
    for kind, qs, at in (
        (CommissionKind.CREDIT, credits.annotate(earned=Value(None, RATE_FIELD)), "confirmed_at"),
        (CommissionKind.REVERSAL, reversals.annotate(earned=Subquery(frozen_rate)), "closed_at"),
    ):
        qs = qs.annotate(rep_at=_rep_at_confirmation())
        if rep_id is not None:
            qs = qs.filter(rep_at=rep_id)
        rows = qs.order_by(at, "pk").values_list(
            "pk", "amount", at, "rep_at", "earned", "deal_id", "customer__name"
        )
        for pk, amount, when, rep_at, earned, deal_id, customer_name in rows:
            line_rate = rate if earned is None else earned
            commission = commission_of(amount, line_rate)
            line = CommissionLine(
                payment_id=pk,
                kind=kind,
                amount=amount,
                rate=line_rate,
                commission=commission if kind == CommissionKind.CREDIT else -commission,
                at=when,
            )
            line.rep_id, line.deal_id, line.customer_name = rep_at, deal_id, customer_name
            lines.append(line)
    lines.sort(key=lambda line: (line.at, line.payment_id))
    return lines


@dataclass
class Totals:
    payments_total: Decimal = ZERO
    reversed_total: Decimal = ZERO
    commission: Decimal = ZERO
    lines_count: int = 0

    def add(self, line: CommissionLine) -> None:
        if line.kind == CommissionKind.CREDIT:
            self.payments_total += line.amount
        else:
            self.reversed_total += line.amount
        self.commission += line.commission
        self.lines_count += 1


def commission_totals_by_rep(lines: list[CommissionLine]) -> dict[int, Totals]:
    totals: dict[int, Totals] = defaultdict(Totals)
    for line in lines:
        totals[line.rep_id].add(line)
    return dict(totals)


# The statement --------------------------------------------------------------------------


@dataclass
class CommissionView:
    """What a statement page shows: frozen when the month is closed, live otherwise."""

    rep: object
    month: dt.date
    closed: bool
    rate: Decimal
    payments_total: Decimal
    reversed_total: Decimal
    commission: Decimal
    withheld: bool
    lines: list = field(default_factory=list)
    statement: CommissionStatement | None = None

    @property
    def status(self) -> str:
        return commission_status(
            closed=self.closed,
            paid=bool(self.statement and self.statement.paid_at),
            withheld=self.withheld,
            commission=self.commission,
        )


def commission_rep_get_for(*, user, pk: int):
    """Whose commission `user` opens: their own, or anyone's for finance; else 404."""
    if pk == user.pk and user.has_perm(OWN_PERMISSION):
        return user
    if not user.has_perm(ALL_PERMISSION):
        raise Http404
    return get_object_or_404(User, pk=pk)


def commission_statement_for(*, rep, month: dt.date) -> CommissionView:
    withheld = commission_withheld(rep=rep)
    statement = (
        CommissionStatement.objects.filter(rep=rep, month=month).select_related("paid_by").first()
    )
    if statement is not None:
        lines = list(
            statement.lines.annotate(
                deal_id=F("payment__deal_id"), customer_name=F("payment__customer__name")
            ).order_by("at", "payment_id")
        )
        return CommissionView(
            rep=rep,
            month=month,
            closed=True,
            rate=statement.rate,
            payments_total=statement.payments_total,
            reversed_total=statement.reversed_total,
            commission=statement.commission,
            withheld=withheld,
            lines=lines,
            statement=statement,
        )
    # A closed month without a statement for this rep: nothing was earned in it.
    closed = month_closed_row(month=month)
    if closed is not None:
        rate, lines = Decimal(closed.params["commission"]["rate"]), []
    else:
        rate = commission_rate()
        lines = commission_lines(month=month, rate=rate, rep_id=rep.pk)
    totals = commission_totals_by_rep(lines).get(rep.pk, Totals())
    return CommissionView(
        rep=rep,
        month=month,
        closed=closed is not None,
        rate=rate,
        payments_total=totals.payments_total,
        reversed_total=totals.reversed_total,
        commission=totals.commission,
        withheld=withheld,
        lines=lines,
    )


def commission_statements_past(*, rep) -> QuerySet[CommissionStatement]:
    return CommissionStatement.objects.filter(rep=rep).select_related("paid_by").order_by("-month")


# Finance's list -------------------------------------------------------------------------


def _with_withheld(qs: QuerySet[CommissionStatement]) -> QuerySet[CommissionStatement]:
    held = StaffProfile.objects.filter(user_id=OuterRef("rep_id"), commission_withheld=True)
    return qs.annotate(withheld=Exists(held))


def commission_statements_of_month(
    *, month: dt.date, status: str = ""
) -> QuerySet[CommissionStatement]:
    """A closed month's statements for finance, by rep name, filtered by where they stand."""
    qs = _with_withheld(
        CommissionStatement.objects.filter(month=month).select_related("rep", "paid_by")
    )
    if status == Status.PAID:
        qs = qs.filter(paid_at__isnull=False)
    elif status == Status.WITHHELD:
        qs = qs.filter(paid_at__isnull=True, withheld=True)
    elif status == Status.PAYABLE:
        qs = qs.filter(paid_at__isnull=True, withheld=False).exclude(commission=0)
    return qs.order_by("rep__last_name", "rep__first_name", "rep_id")


@dataclass
class LiveRow:
    """A rep's figures in a month not closed yet (finance's list)."""

    rep: object
    commission: Decimal
    payments_total: Decimal
    reversed_total: Decimal
    lines_count: int
    withheld: bool
    month: dt.date
    paid_at: None = None


def commission_live_rows(*, month: dt.date) -> list[LiveRow]:
    """Every rep's figures so far in an open month (three queries), by name."""
    lines = commission_lines(month=month, rate=commission_rate())
    totals = commission_totals_by_rep(lines)
    reps = User.objects.filter(pk__in=list(totals)).annotate(
        withheld=Exists(
            StaffProfile.objects.filter(user_id=OuterRef("pk"), commission_withheld=True)
        )
    )
    rows = [
        LiveRow(
            rep=rep,
            commission=totals[rep.pk].commission,
            payments_total=totals[rep.pk].payments_total,
            reversed_total=totals[rep.pk].reversed_total,
            lines_count=totals[rep.pk].lines_count,
            withheld=rep.withheld,
            month=month,
        )
        for rep in reps
    ]
    rows.sort(key=lambda r: (r.rep.last_name, r.rep.first_name, r.rep.pk))
    return rows


def commission_to_pay_count() -> int:
    """Finance's dashboard: closed statements not paid, not withheld, with money in them."""
    return (
        _with_withheld(CommissionStatement.objects.filter(paid_at__isnull=True))
        .filter(withheld=False)
        .exclude(commission=0)
        .count()
    )
