"""POOL-17: a first deal (POOL-2) or a duplicate's assignment (INTAKE-9) that takes a
customer from an active owner opens a ruling and tells both reps. Called by
`pools.services.ownership_set` for every change of owner; the decision is in
`pools.fairplay`."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.urls import reverse

from crm.selectors import person_name
from crm.services import notify
from pools.models import OwnershipChange, OwnershipReason, Ruling, RulingCause

# The changes that may take a customer from its owner without the owner's doing.
COLLISION_CAUSES = {
    OwnershipReason.FIRST_DEAL: RulingCause.FIRST_DEAL,
    OwnershipReason.ASSIGNMENT: RulingCause.DUPLICATE,
}


def ruling_open_if_collision(*, change: OwnershipChange, now: dt.datetime) -> Ruling | None:
    cause = COLLISION_CAUSES.get(change.reason)
    if cause is None or change.from_owner_id is None or change.to_owner_id is None:
        return None
    if change.from_owner_id == change.to_owner_id:
        return None
    users = get_user_model().objects.in_bulk([change.from_owner_id, change.to_owner_id])
    lost, gained = users[change.from_owner_id], users[change.to_owner_id]
    if not lost.is_active:  # a leaver's customers are handed over, not disputed
        return None
    ruling = Ruling.objects.create(
        customer_id=change.customer_id,
        change=change,
        cause=cause,
        lost_by=lost,
        gained_by=gained,
        opened_at=now,
    )
    name = change.customer.name
    params = {
        "customer": name,
        "cause": cause,
        "lost": person_name(lost),
        "gained": person_name(gained),
    }
    url = reverse("customers:customer_detail", args=[change.customer_id])
    for user, kind in ((lost, "pools.ruling_lost"), (gained, "pools.ruling_gained")):
        notify(
            user=user,
            key=f"pool-ruling:{ruling.pk}:{user.pk}",
            now=now,
            kind=kind,
            url=url,
            rule="POOL-17",
            params=params,
        )
    return ruling
