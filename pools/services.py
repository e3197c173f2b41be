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
