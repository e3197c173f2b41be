"""Writes of deals, payments, tiers and credit (DEAL-1…4, POOL-2).

Only confirmed payments count for anything (DEAL-1): sale times, the first-deal owner
(POOL-2), tiers (DEAL-2) and receivables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Min, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from crm.lib.dates import add_months
from crm.parameters import param
from crm.templatetags.crm import yuan
from customers.models import Customer
from deals.models import (
    ZERO,
    CreditGrade,
    CreditReview,
    CustomerTier,
    Deal,
    DealLine,
    DealStatus,
    Payment,
    PaymentStatus,
    Tier,
)
from deals.selectors import deals_with_balance
from deals.signals import payment_confirmed
from pools.models import OwnershipReason
from pools.services import ownership_sale_record, ownership_sales_set, ownership_set
from visits.services import visit_tasks_for_purchase

CHUNK = 500
CENT = Decimal("0.01")


class PaymentStateError(Exception):
    """The payment is not in a state that allows this (e.g. confirmed twice)."""


class DealStateError(Exception):
    """The deal is not in a state that allows this (cancelled, or money still counts)."""


@dataclass(frozen=True)
class LineInput:
    product: str
    quantity: int
    unit_price: Decimal


def tier_window(*, today: dt.date) -> tuple[dt.date, dt.date]:
    """DEAL-2 window: the N months up to and including today (first day excluded)."""
    start = add_months(today, -param("deal.tier_window_months")) + dt.timedelta(days=1)
    return start, today


# --- deals and payments -------------------------------------------------------------


@transaction.atomic
def deal_create(
    *,
    customer: Customer,
    rep,
    by,
    lines: Sequence[LineInput],
    now: dt.datetime,
    note: str = "",
) -> Deal:
    """Record a deal with its lines; the total is the sum of quantity × unit price."""
    if not lines:
        raise ValueError("a deal needs at least one line")
    deal = Deal.objects.create(customer=customer, rep=rep, created_by=by, created_at=now, note=note)
    objs = [
        DealLine(
            deal=deal,
            product=line.product,
            quantity=line.quantity,
            unit_price=line.unit_price,
            amount=(Decimal(line.quantity) * line.unit_price).quantize(CENT),
        )
        for line in lines
    ]
    bulk_create_with_history(objs, DealLine, default_user=by, default_date=now)
    deal.total = sum((o.amount for o in objs), ZERO)
    deal.save(update_fields=["total"])
    return deal


def deal_open_balance(*, deal: Deal) -> Decimal:
    """The deal's total less its confirmed and pending payments."""
    recorded = deal.payments.filter(
        status__in=[PaymentStatus.PENDING, PaymentStatus.CONFIRMED]
    ).aggregate(sum=Sum("amount"))["sum"]
    return deal.total - (recorded or ZERO)


@transaction.atomic
def deal_cancel(*, deal_id: int, by, now: dt.datetime, reason: str) -> Deal:
    """Call a deal off. Money received must be refunded first: a cancelled deal holds none.

    Its pending payments are cancelled with it (they will never be confirmed).
    """
    if not reason.strip():
        raise ValueError("a reason is required")
    deal = Deal.objects.select_for_update().get(pk=deal_id)
    if deal.status != DealStatus.OPEN:
        raise DealStateError(deal.status)
    if deal.payments.filter(status=PaymentStatus.CONFIRMED).exists():
        raise DealStateError(PaymentStatus.CONFIRMED)
    for payment in deal.payments.select_for_update().filter(status=PaymentStatus.PENDING):
        payment.status = PaymentStatus.CANCELLED
        payment.closed_by = by
        payment.closed_at = now
        payment.reason = reason.strip()
        payment._change_reason = "deal cancelled"
        payment.save()
    deal.status = DealStatus.CANCELLED
    deal.cancelled_by = by
    deal.cancelled_at = now
    deal.cancel_reason = reason.strip()
    deal.save(update_fields=["status", "cancelled_by", "cancelled_at", "cancel_reason"])
    return deal


@transaction.atomic
def payment_record(
    *,
    deal: Deal,
    amount: Decimal,
    received_on: dt.date,
    method: str,
    by,
    now: dt.datetime,
) -> Payment:
    """A payment as reported by sales: pending until finance confirms it (DEAL-1).

    It may not take the deal past its total: confirmed and pending payments together
    stay within it, so a typo of an extra zero is caught before finance sees it.
    """
    if amount <= 0:
        raise ValueError("amount must be positive")
    deal = Deal.objects.select_for_update().get(pk=deal.pk)
    if deal.status != DealStatus.OPEN:
        raise DealStateError(deal.status)
    open_balance = deal_open_balance(deal=deal)
    if amount > open_balance:
        raise ValidationError(
            {
                "amount": _(
                    "This is more than the deal's open balance of %(balance)s "
                    "(its total less the payments already recorded)."
                )
                % {"balance": yuan(open_balance)}
            }
        )
    return Payment.objects.create(
        deal=deal,
        customer_id=deal.customer_id,
        amount=amount,
        received_on=received_on,
        method=method,
        recorded_by=by,
        recorded_at=now,
    )


def _lock(payment_id: int) -> Payment:
    return Payment.objects.select_for_update().select_related("deal").get(pk=payment_id)


@transaction.atomic
def payment_confirm(*, payment_id: int, by, now: dt.datetime) -> Payment:
    """DEAL-1: finance confirms a pending payment, once. POOL-2 on the first one ever."""
    # Lock the customer first: two first payments confirmed at once must not both be "first".
    customer_id = Payment.objects.values_list("customer_id", flat=True).get(pk=payment_id)
    customer = Customer.objects.select_for_update().get(pk=customer_id)
    payment = _lock(payment_id)
    if payment.status != PaymentStatus.PENDING:
        raise PaymentStateError(payment.status)
    first_ever = not Payment.objects.filter(
        customer_id=customer_id, confirmed_at__isnull=False
    ).exists()
    payment.status = PaymentStatus.CONFIRMED
    payment.confirmed_by = by
    payment.confirmed_at = now
    payment._change_reason = "DEAL-1"
    payment.save()
    ownership_sale_record(customer=customer, at=now)
    if first_ever:
        ownership_set(
            customer=customer,
            owner=payment.deal.rep,
            reason=OwnershipReason.FIRST_DEAL,
            now=now,
            by=by,
            params={"deal": payment.deal_id, "payment": payment.pk},
        )
        visit_tasks_for_purchase(customer=customer, now=now)  # VISIT-12: buyer schedule
    tiers_recompute(customer_ids=[customer_id], today=timezone.localdate(now), now=now)
    payment.customer = customer
    payment_confirmed.send(sender=Payment, payment=payment, now=now)  # API-2: webhooks
    return payment


@transaction.atomic
def _payment_close(
    *, payment_id: int, by, now: dt.datetime, reason: str, to: str, allowed: set[str]
) -> Payment:
    if not reason.strip():
        raise ValueError("a reason is required")
    customer_id = Payment.objects.values_list("customer_id", flat=True).get(pk=payment_id)
    customer = Customer.objects.select_for_update().get(pk=customer_id)
    payment = _lock(payment_id)
    if payment.status not in allowed:
        raise PaymentStateError(payment.status)
    was_confirmed = payment.status == PaymentStatus.CONFIRMED
    payment.status = to
    payment.closed_by = by
    payment.closed_at = now
    payment.reason = reason.strip()
    payment.save()
    if was_confirmed:
        sales_recompute(customer=customer)
    tiers_recompute(customer_ids=[customer_id], today=timezone.localdate(now), now=now)
    return payment


def payment_refund(*, payment_id: int, by, now: dt.datetime, reason: str) -> Payment:
    """Money of a confirmed payment went back: it stops counting (DEAL-1)."""
    return _payment_close(
        payment_id=payment_id,
        by=by,
        now=now,
        reason=reason,
        to=PaymentStatus.REFUNDED,
        allowed={PaymentStatus.CONFIRMED},
    )


def payment_cancel(*, payment_id: int, by, now: dt.datetime, reason: str) -> Payment:
    """A payment recorded in error (pending) or reversed (confirmed): it never counts."""
    return _payment_close(
        payment_id=payment_id,
        by=by,
        now=now,
        reason=reason,
        to=PaymentStatus.CANCELLED,
        allowed={PaymentStatus.PENDING, PaymentStatus.CONFIRMED},
    )


def sales_recompute(*, customer: Customer) -> None:
    """First and last sale times from the confirmed payments that still count."""
    agg = Payment.objects.filter(customer=customer, status=PaymentStatus.CONFIRMED).aggregate(
        first=Min("confirmed_at"), last=Max("confirmed_at")
    )
    ownership_sales_set(customer=customer, first=agg["first"], last=agg["last"])


# --- tiers and credit (DEAL-2, DEAL-3, DEAL-4) ----------------------------------------


def tier_params() -> dict:
    return {
        "window_months": param("deal.tier_window_months"),
        "vip_min": param("deal.tier_vip_min"),
        "a_min": param("deal.tier_a_min"),
        "b_min": param("deal.tier_b_min"),
        "longterm_months": param("deal.tier_longterm_months"),
    }


def credit_params() -> dict:
    return {
        "due_days": param("deal.payment_due_days"),
        "watch_overdue": param("deal.credit_watch_overdue"),
        "poor_overdue": param("deal.credit_poor_overdue"),
        "watch_refunds": param("deal.credit_watch_refunds"),
        "poor_refunds": param("deal.credit_poor_refunds"),
    }


def tier_for(*, total: Decimal, months: int, grade: str, p: dict) -> tuple[str, str]:
    """(tier, rule): DEAL-2 by amount and long-term cooperation, capped at C by DEAL-3."""
    if total >= p["vip_min"]:
        tier = Tier.VIP if months >= p["longterm_months"] else Tier.SPECIAL_VIP
    elif total >= p["a_min"]:
        tier = Tier.A
    elif total >= p["b_min"]:
        tier = Tier.B
    else:
        tier = Tier.C
    if tier != Tier.C and grade != CreditGrade.GOOD:
        return Tier.C, "DEAL-3"
    return tier, "DEAL-2"


def grade_for(*, overdue: Decimal, bad_payments: int, p: dict) -> str:
    """DEAL-3: the credit grade from overdue receivables and refunds/cancellations."""
    if overdue >= p["poor_overdue"] or bad_payments >= p["poor_refunds"]:
        return CreditGrade.POOR
    if overdue >= p["watch_overdue"] or bad_payments >= p["watch_refunds"]:
        return CreditGrade.WATCH
    return CreditGrade.GOOD


def review_days(tier: str) -> int:
    """DEAL-4: days between credit reviews for this tier."""
    if tier in (Tier.VIP, Tier.SPECIAL_VIP, Tier.A):
        return param("deal.review_days_top")
    return param("deal.review_days_other")


def _jsonable(d: dict) -> dict:
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in d.items()}


def tiers_recompute(
    *,
    customer_ids: Iterable[int] | None = None,
    today: dt.date,
    now: dt.datetime | None = None,
) -> int:
    """Recompute tier and credit grade (DEAL-2, DEAL-3), set-based and idempotent.

    `customer_ids=None`: every customer with a deal or a tier row. Sums, month counts,
    overdue balances and refund counts are one aggregate query each; rows are written in
    chunks and only when something changed (a second run changes nothing). Returns the
    number of rows created or changed.
    """
    now = now or timezone.now()
    start, end = tier_window(today=today)
    tp, cp = tier_params(), credit_params()
    if customer_ids is None:
        ids = set(Deal.objects.values_list("customer_id", flat=True).distinct())
        ids |= set(CustomerTier.objects.values_list("customer_id", flat=True))
    else:
        ids = set(customer_ids)
    changed = 0
    ordered = sorted(ids)
    for i in range(0, len(ordered), CHUNK):
        changed += _recompute_chunk(ordered[i : i + CHUNK], start, end, tp, cp, today, now)
    return changed


def _recompute_chunk(ids, start, end, tp, cp, today, now) -> int:
    in_window = Payment.objects.filter(customer_id__in=ids, received_on__range=(start, end))
    sums = {
        row["customer_id"]: row
        for row in in_window.filter(status=PaymentStatus.CONFIRMED)
        .order_by()
        .values("customer_id")
        .annotate(total=Sum("amount"), months=Count(TruncMonth("received_on"), distinct=True))
    }
    bad = dict(
        in_window.filter(status__in=[PaymentStatus.REFUNDED, PaymentStatus.CANCELLED])
        .exclude(confirmed_at__isnull=True)
        .order_by()
        .values("customer_id")
        .annotate(n=Count("pk"))
        .values_list("customer_id", "n")
    )
    due_before = now - dt.timedelta(days=cp["due_days"])
    overdue = dict(
        deals_with_balance()
        .filter(customer_id__in=ids, created_at__lt=due_before, balance__gt=0)
        .order_by()
        .values("customer_id")
        .annotate(owed=Sum("balance"))
        .values_list("customer_id", "owed")
    )
    existing = {t.customer_id: t for t in CustomerTier.objects.filter(customer_id__in=ids)}
    to_create, to_update = [], []
    fields = [
        "tier",
        "confirmed_total",
        "active_months",
        "window_start",
        "window_end",
        "rule",
        "params",
        "computed_grade",
        "overdue_amount",
        "grade_params",
        "next_review_on",
        "computed_at",
    ]
    for cid in ids:
        row = sums.get(cid, {})
        total = Decimal(row.get("total") or ZERO).quantize(CENT)
        months = row.get("months") or 0
        owed = Decimal(overdue.get(cid) or ZERO).quantize(CENT)
        nbad = bad.get(cid, 0)
        grade = grade_for(overdue=owed, bad_payments=nbad, p=cp)
        current = existing.get(cid)
        effective = (current.override_grade if current else "") or grade
        tier, rule = tier_for(total=total, months=months, grade=effective, p=tp)
        values = {
            "tier": tier,
            "confirmed_total": total,
            "active_months": months,
            "window_start": start,
            "window_end": end,
            "rule": rule,
            "params": _jsonable(tp),
            "computed_grade": grade,
            "overdue_amount": owed,
            "grade_params": _jsonable({**cp, "refunds_cancellations": nbad}),
        }
        if current is None:
            base = today
            values["next_review_on"] = base + dt.timedelta(days=review_days(tier))
            to_create.append(CustomerTier(customer_id=cid, computed_at=now, **values))
            continue
        if current.last_review_on:
            values["next_review_on"] = current.last_review_on + dt.timedelta(days=review_days(tier))
        elif tier != current.tier:
            # DEAL-4, never reviewed yet: a customer reaching a tier reviewed sooner (VIP, A)
            # is reviewed within that tier's period from today, unless already due earlier.
            sooner = today + dt.timedelta(days=review_days(tier))
            if current.next_review_on is None or sooner < current.next_review_on:
                values["next_review_on"] = sooner
        if any(getattr(current, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            current.computed_at = now
            to_update.append(current)
    if to_create:
        bulk_create_with_history(to_create, CustomerTier, batch_size=CHUNK, default_date=now)
    if to_update:
        bulk_update_with_history(
            to_update, CustomerTier, fields, batch_size=CHUNK, default_date=now
        )
    return len(to_create) + len(to_update)


def tiers_nightly(*, now: dt.datetime) -> int:
    """The nightly run: every customer's tier and credit for today (DEAL-2, DEAL-3)."""
    return tiers_recompute(customer_ids=None, today=timezone.localdate(now), now=now)


def _tier_row(customer: Customer, *, today: dt.date, now: dt.datetime) -> CustomerTier:
    tiers_recompute(customer_ids=[customer.pk], today=today, now=now)
    return CustomerTier.objects.select_for_update().get(customer=customer)


@transaction.atomic
def credit_override(
    *, customer: Customer, grade: str, reason: str, by, now: dt.datetime
) -> CustomerTier:
    """DEAL-3: a manager sets the credit grade (empty: back to the computed one)."""
    if not reason.strip():
        raise ValueError("a reason is required")
    today = timezone.localdate(now)
    row = _tier_row(customer, today=today, now=now)
    row.override_grade = grade
    row.override_reason = reason.strip()
    row.override_by = by
    row.override_at = now
    row._change_reason = "DEAL-3"
    row.save()
    tiers_recompute(customer_ids=[customer.pk], today=today, now=now)
    row.refresh_from_db()
    return row


@transaction.atomic
def credit_review_record(
    *, customer: Customer, grade: str, note: str, by, now: dt.datetime
) -> CreditReview:
    """DEAL-4: record a review; a grade other than the one in force becomes an override."""
    today = timezone.localdate(now)
    row = _tier_row(customer, today=today, now=now)
    if grade != row.grade:
        row.override_grade = grade
        row.override_reason = note.strip()
        row.override_by = by
        row.override_at = now
    row.last_review_on = today
    row.save()
    tiers_recompute(customer_ids=[customer.pk], today=today, now=now)
    row.refresh_from_db()
    return CreditReview.objects.create(
        customer=customer,
        reviewed_on=today,
        reviewed_by=by,
        grade=grade,
        note=note.strip(),
        next_review_on=row.next_review_on,
    )


# The most payments one bulk confirmation takes: a page of the queue and then some.
BULK_CONFIRM_MAX = 100


def payments_confirm(*, payment_ids: list[int], by, now: dt.datetime) -> tuple[list, list]:
    """Finance confirms the payments it ticked on the queue (WORK-2's selection).

    Each is confirmed on its own, as `payment_confirm` would (DEAL-1, POOL-2 and VISIT-12
    recorded per payment): one already confirmed, refunded, cancelled or gone is skipped and
    the others still count. Returns (confirmed payments, skipped ids).
    """
    confirmed, skipped = [], []
    for payment_id in list(dict.fromkeys(payment_ids))[:BULK_CONFIRM_MAX]:
        try:
            confirmed.append(payment_confirm(payment_id=payment_id, by=by, now=now))
        except (Payment.DoesNotExist, PaymentStateError):
            skipped.append(payment_id)
    return confirmed, skipped
