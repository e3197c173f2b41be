"""What the customer page shows of protection (POOL-11), masking (POOL-12), the last day
of ownership (POOL-14) and rulings (POOL-17): one call from the customers app's detail
view, rendered by templates/customers/includes/pool_owner_panel.html."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from crm.parameters import param
from pools.fairplay import rulings_of
from pools.masking import is_masked, mask_customer, may_reveal, revealed_recently, reveals_of
from pools.protection import last_day_of, protected_count, protections_of

PROTECTIONS_SHOWN = 10
REVEALS_SHOWN = 10


def customer_pool_context(*, customer, ownership, user, now: dt.datetime, contacts=()) -> dict:
    """The panel's context. Masks the customer's (and contacts') details in place while the
    customer is in the pool, unless this pool admin revealed them a moment ago."""
    today = timezone.localdate(now)
    masked = ownership is None or ownership.owner_id is None
    revealer = masked and may_reveal(user=user)
    revealed = revealer and revealed_recently(customer=customer, user=user, now=now)
    if masked and not revealed:
        mask_customer(customer, contacts=contacts)
    protections = list(protections_of(customer=customer)[:PROTECTIONS_SHOWN])
    active = next((p for p in protections if p.is_active), None)  # the newest, if any
    mine = ownership is not None and ownership.owner_id == user.pk
    most = param("pool.protect_max")
    return {
        "last_day": last_day_of(ownership=ownership, today=today, protection=active),
        "protection": active,
        "protections": protections,
        "may_protect": mine and active is None and bool(most),
        "may_unprotect": mine and active is not None and active.owner_id == user.pk,
        "protect_days": param("pool.protect_days"),
        "protect_left": max(most - protected_count(user=user), 0) if mine else None,
        "contact_masked": masked and not revealed,
        "contact_revealed": revealed,
        "may_reveal": revealer and not revealed,
        "reveals": list(reveals_of(customer=customer)[:REVEALS_SHOWN]) if revealer else [],
        "rulings": list(rulings_of(customer=customer)),
    }


__all__ = ["customer_pool_context", "is_masked"]
