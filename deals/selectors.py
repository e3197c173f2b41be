"""Reads of deals, payments, tiers and credit (DEAL-1…4)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from crm.selectors import teams_led_by
from customers.selectors.scope import customer_scope_for
from deals.models import MONEY, ZERO, CustomerTier, Deal, DealStatus, Payment, PaymentStatus

_MONEY_FIELD = DecimalField(**MONEY)


def confirmed_paid_subquery():
    """Per deal (OuterRef "pk"): the sum of its confirmed payments, 0 when none (DEAL-1)."""
    return Coalesce(
        Subquery(
            Payment.objects.filter(deal=OuterRef("pk"), status=PaymentStatus.CONFIRMED)
            .order_by()
            .values("deal")
            .annotate(s=Sum("amount"))
            .values("s")[:1],
            output_field=_MONEY_FIELD,
        ),
        Value(ZERO),
        output_field=_MONEY_FIELD,
    )


def deals_with_balance():
    """Open deals annotated with `paid` (confirmed) and `balance` (total − paid)."""
    return (
        Deal.objects.filter(status=DealStatus.OPEN)
        .annotate(paid=confirmed_paid_subquery())
        .annotate(balance=_balance_expr())
    )


def _balance_expr():
    return ExpressionWrapper(F("total") - F("paid"), output_field=_MONEY_FIELD)


def receivables_for(*, customer_ids: Iterable[int]) -> dict[int, Decimal]:
    """Unpaid balances per customer: open deals' totals minus their confirmed payments.

    Customers with nothing owed are left out. One query. Overpaid deals count as zero.
    """
    ids = list(customer_ids)
    if not ids:
        return {}
    rows = (
        deals_with_balance()
        .filter(customer_id__in=ids, balance__gt=0)
        .order_by()
        .values("customer_id")
        .annotate(owed=Sum("balance"))
        .values_list("customer_id", "owed")
    )
    return {cid: Decimal(owed).quantize(Decimal("0.01")) for cid, owed in rows if owed}


def pending_payments_count() -> int:
    """Finance dashboard: payments waiting for confirmation (DEAL-1)."""
    return Payment.objects.filter(status=PaymentStatus.PENDING).count()


def payments_pending():
    """DEAL-1: the finance queue, oldest first, with what each row shows."""
    return (
        Payment.objects.filter(status=PaymentStatus.PENDING)
        .select_related("deal__rep", "customer", "recorded_by")
        .order_by("recorded_at", "pk")
    )


def deal_scope_for(*, user):
    """The deals `user` may read (SEAL-2, SEC-6): the one place deal pages start from.

    - nobody without deals.view_deal (a service doctor, say) reads a deal;
    - finance (confirms payments) and those who see every customer: every deal;
    - a rep: the deals they made and the deals of the customers they own now (a customer's
      new owner takes over its receivables, HAND-2) — not another rep's deal on a pool
      customer, though the pool customer itself is open to every rep;
    - a supervisor also the deals of the teams they lead, by maker or by owner.
    """
    qs = Deal.objects.all()
    if not (user.is_authenticated and user.is_active) or not user.has_perm("deals.view_deal"):
        return qs.none()
    if user.has_perm("deals.confirm_payment") or user.has_perm("customers.view_all_customers"):
        return qs
    visible = Q(rep=user) | Q(customer__ownership__owner=user)
    if user.has_perm("crm.view_team_members") and (teams := teams_led_by(user=user)):
        visible |= Q(rep__staff__team_id__in=teams)
        visible |= Q(customer__ownership__owner__staff__team_id__in=teams)
    return qs.filter(visible)


def deal_get_for(*, user, pk: int) -> Deal:
    """A deal in the user's deal scope (deal_scope_for), or 404 like a missing one."""
    qs = deal_scope_for(user=user).select_related("customer", "rep", "created_by")
    return get_object_or_404(qs.annotate(paid=confirmed_paid_subquery()), pk=pk)


def deal_lines(*, deal: Deal):
    return deal.lines.all()


def deal_payments(*, deal: Deal):
    return deal.payments.select_related("recorded_by", "confirmed_by", "closed_by").order_by(
        "received_on", "pk"
    )


def credit_reviews_due(*, user, today):
    """DEAL-4: customers in the user's scope whose next credit review is due by today."""

    return (
        CustomerTier.objects.filter(
            next_review_on__lte=today, customer__in=customer_scope_for(user=user)
        )
        .select_related("customer", "override_by")
        .order_by("next_review_on", "customer_id")
    )


def customer_panel(*, customer_id: int, user=None, latest: int = 5) -> dict:
    """What the customer page's deals panel shows, in ONE query.

    With `user`, only the deals of their deal scope count (deal_scope_for): a rep opening a
    pool customer sees none of another rep's deals or balances on it.

    The latest open deals with their balances, each row also bringing the customer's tier
    (select_related) and total open receivable (a subquery). A customer without deals has
    no tier row (tiers are computed for customers with deals) and owes nothing.
    """
    scoped = Deal.objects.all() if user is None else deal_scope_for(user=user)
    owed = (
        scoped.filter(customer_id=OuterRef("customer_id"), status=DealStatus.OPEN)
        .annotate(paid=confirmed_paid_subquery())
        .annotate(balance=_balance_expr())
        .filter(balance__gt=0)
        .order_by()
        .values("customer_id")
        .annotate(s=Sum("balance"))
        .values("s")[:1]
    )
    rows = deals_with_balance().filter(customer_id=customer_id)
    if user is not None:
        rows = rows.filter(pk__in=scoped.values("pk"))
    deals = list(
        rows.select_related("rep", "customer__tier__override_by")
        .annotate(
            receivable=Coalesce(
                Subquery(owed, output_field=_MONEY_FIELD), Value(ZERO), output_field=_MONEY_FIELD
            )
        )
        .order_by("-created_at", "-pk")[:latest]
    )
    if not deals:
        return {"tier": None, "deals": [], "receivable": ZERO}
    customer = deals[0].customer
    try:
        tier = customer.tier
    except CustomerTier.DoesNotExist:
        tier = None
    return {"tier": tier, "deals": deals, "receivable": deals[0].receivable}


# The list of deals and payments (WORK-2) -------------------------------------------------

SHOW_OWING, SHOW_PENDING = "owing", "pending"


def _pending_count():
    """Per deal (OuterRef "pk"): its payments waiting for finance (DEAL-1), 0 when none."""
    from django.db.models import Count, IntegerField  # deferred: only the list needs them

    return Coalesce(
        Subquery(
            Payment.objects.filter(deal=OuterRef("pk"), status=PaymentStatus.PENDING)
            .order_by()
            .values("deal")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def deal_list_for(*, user, q: str = "", status: str = "", show: str = "", rep=None):
    """Deals the user may see (finance: every deal; others: those of customers in their
    scope, like `deal_get_for`), each with what is paid, owed and pending.

    Page it with `keyset_page` on ("created_at", "id") or ("total", "id"), the indexes
    deal_newest_idx and deal_total_idx.
    """
    from customers.models import Customer  # deferred: as deal_get_for
    from customers.selectors.customers import customer_search  # deferred: as deal_get_for
    from customers.selectors.scope import customer_scope_for  # deferred: as deal_get_for

    customers = customer_scope_for(user=user)
    if user.has_perm("deals.confirm_payment"):  # finance confirms every deal's payments
        customers = Customer.objects.all()
    qs = Deal.objects.all()
    if not user.has_perm("deals.confirm_payment"):
        qs = qs.filter(customer__in=customers.values("pk"))
    if q:
        qs = qs.filter(customer__in=customer_search(qs=customers, q=q).values("pk"))
    if status:
        qs = qs.filter(status=status)
    if rep is not None:
        qs = qs.filter(rep=rep)
    qs = qs.annotate(paid=confirmed_paid_subquery(), pending=_pending_count()).annotate(
        balance=_balance_expr()
    )
    if show == SHOW_OWING:
        qs = qs.filter(status=DealStatus.OPEN, balance__gt=0)
    elif show == SHOW_PENDING:
        qs = qs.filter(pending__gt=0)
    return qs.select_related("customer", "rep")
