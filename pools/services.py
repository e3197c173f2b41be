"""Writes of ownership: every change goes through `ownership_set` and is recorded (POOL-8)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from pools.models import Ownership, OwnershipChange, OwnershipReason

# The rule each reason stands for (shown beside every change).
REASON_RULE = {
    OwnershipReason.FIRST_CONTACT: "POOL-1",
    OwnershipReason.ASSIGNMENT: "INTAKE-5",
    OwnershipReason.FIRST_DEAL: "POOL-2",
    OwnershipReason.REFERRAL: "POOL-4",
    OwnershipReason.CLAIM: "POOL-5",
    OwnershipReason.TRANSFER: "HAND-2",
    OwnershipReason.HANDOVER: "HAND-3",
    OwnershipReason.RELEASE: "POOL-6",
    OwnershipReason.EXPIRY_NO_DEAL: "POOL-1",
    OwnershipReason.EXPIRY_NO_SALE: "POOL-3",
}


@transaction.atomic
def ownership_set(
    *,
    customer,
    owner,
    reason: OwnershipReason,
    now: dt.datetime,
    by=None,
    params: dict | None = None,
    note: str = "",
    is_referral: bool = False,
) -> Ownership:
    """Make `owner` (None: the pool) own `customer`, and record the change with its rule."""
    rule = REASON_RULE[reason]
    current = Ownership.objects.select_for_update().filter(customer=customer).first()
    from_owner_id = current.owner_id if current else None
    if current is None:
        current = Ownership(customer=customer)
    current.owner = owner
    current.since = now
    current.reason = reason
    current.rule = rule
    current.is_referral = is_referral
    current.save()
    OwnershipChange.objects.create(
        customer=customer,
        from_owner_id=from_owner_id,
        to_owner=owner,
        reason=reason,
        rule=rule,
        params=params or {},
        changed_by=by,
        changed_at=now,
        note=note,
    )
    return current


def ownership_sale_record(*, customer, at: dt.datetime) -> None:
    """A confirmed sale (DEAL-1) at `at`: keep the first and last sale times for expiry.

    Called by the deals app when finance confirms a payment; recomputed by it after a
    refund or cancellation through `ownership_sales_set`.
    """
    row = Ownership.objects.select_for_update().filter(customer=customer).first()
    if row is None:
        return
    changed = []
    if row.first_sale_at is None or at < row.first_sale_at:
        row.first_sale_at = at
        changed.append("first_sale_at")
    if row.last_sale_at is None or at > row.last_sale_at:
        row.last_sale_at = at
        changed.append("last_sale_at")
    if changed:
        row.save(update_fields=changed)


def ownership_sales_set(*, customer, first: dt.datetime | None, last: dt.datetime | None) -> None:
    """Set the sale times outright (after a refund or cancellation changed what counts)."""
    Ownership.objects.filter(customer=customer).update(first_sale_at=first, last_sale_at=last)
