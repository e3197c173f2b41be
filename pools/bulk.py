"""POOL-13: bulk actions. A rep claims several pool customers in one step; a sales manager
transfers, assigns or returns many at once with one reason. Each customer's change goes
through the one-customer service, so each is recorded by itself with its rule (POOL-8).

All or nothing (docs/decisions.md, "POOL-13"): one transaction per action; if the
selection is over a limit, or any one customer cannot be changed, nothing changes and the
user is told why, for the whole selection, so they can narrow it and try again.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from crm.lib.forms import as_id
from crm.parameters import param
from customers.models import Customer
from customers.selectors.scope import customer_scope_for
from pools.handover import customer_transfer, handover_can_manage
from pools.models import Ownership, OwnershipChange, OwnershipReason, ReleaseNote
from pools.selectors import pool_claims_left
from pools.services import LEFT_REASONS, SELLS_PERMISSION, ownership_set

# The most customers one bulk action takes: a page of a list.
BULK_MAX = 100

ACTION_TRANSFER, ACTION_ASSIGN, ACTION_RETURN = "transfer", "assign", "return"


def _ids(customer_ids) -> list[int | None]:
    # SEC-7: a value no table can hold as an id (past 64 bits, not digits) is kept as None,
    # a missing customer like any other (SQLite cannot even compare with it); `pk__in`
    # leaves None out.
    ids = list(dict.fromkeys(as_id(pk) for pk in customer_ids))
    if not ids:
        raise ValidationError(_("Select at least one customer."), "empty")
    if len(ids) > BULK_MAX:
        raise ValidationError(
            _("Select at most %(most)s customers at once.") % {"most": BULK_MAX}, "too_many"
        )
    return ids


def _refuse(problems: list[str]) -> None:
    if problems:
        raise ValidationError([*problems, _("Nothing was changed.")], "refused")


@transaction.atomic
def pool_claim_many(*, customer_ids, user, now: dt.datetime) -> list:
    """Claim every selected pool customer, or none.

    The checks of a single claim (`pools.services.pool_claim`), set-based: the rep's row
    is locked (two bulk claims by one rep cannot both pass a limit), then the customers and
    their ownership rows, in id order (the order every path locks them in); the day's
    claims and the most owned are checked for the whole selection, the re-claim wait in one
    query; then each customer changes owner through `ownership_set`, recorded one by one.
    """
    if not user.is_active or not user.has_perm(SELLS_PERMISSION):
        raise ValidationError(_("Only sales reps may claim customers from the pool."), "perm")
    ids = _ids(customer_ids)
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    # Only what the rep may see in the pool; an owned or missing id is the same to them.
    visible = list(
        customer_scope_for(user=user)
        .filter(pk__in=ids, ownership__owner__isnull=True)
        .values_list("pk", flat=True)
    )
    customers = {
        c.pk: c for c in Customer.objects.select_for_update().filter(pk__in=visible).order_by("pk")
    }
    free = set(
        Ownership.objects.select_for_update()
        .filter(customer_id__in=list(customers), owner__isnull=True)
        .order_by("customer_id")
        .values_list("customer_id", flat=True)
    )
    problems = []
    gone = len(ids) - len(free)
    if gone:
        problems.append(
            ngettext(
                "%(count)s of the selected customers is no longer in the pool.",
                "%(count)s of the selected customers are no longer in the pool.",
                gone,
            )
            % {"count": gone}
        )
    max_owned = param("pool.max_owned")
    max_claims = param("pool.max_claims_per_day")
    reclaim_days = param("pool.reclaim_days")
    left = pool_claims_left(user=user, now=now)
    if max_owned:
        room = max(max_owned - Ownership.objects.filter(owner=user).count(), 0)
        left = room if left is None else min(left, room)
    if left is not None and len(ids) > left:
        problems.append(
            ngettext(
                "You selected %(count)s customers but may claim only %(left)s more; choose "
                "at most %(left)s.",
                "You selected %(count)s customers but may claim only %(left)s more; choose "
                "at most %(left)s.",
                left,
            )
            % {"count": len(ids), "left": left}
        )
    if reclaim_days and free:
        recent = (
            OwnershipChange.objects.filter(
                customer_id__in=free,
                from_owner=user,
                reason__in=LEFT_REASONS,
                changed_at__gt=now - dt.timedelta(days=reclaim_days),
            )
            .values("customer_id")
            .annotate(left_at=Max("changed_at"))
            .order_by("customer_id")
        )
        for row in recent:
            may_from = timezone.localdate(row["left_at"] + dt.timedelta(days=reclaim_days))
            problems.append(
                _(
                    "%(name)s: you left this customer recently; you may claim it again from "
                    "%(date)s."
                )
                % {"name": customers[row["customer_id"]].name, "date": may_from.isoformat()}
            )
    _refuse(problems)
    params = {
        "pool.max_owned": max_owned,
        "pool.max_claims_per_day": max_claims,
        "pool.reclaim_days": reclaim_days,
        "bulk": len(ids),
    }
    for pk in ids:
        ownership_set(
            customer=customers[pk],
            owner=user,
            reason=OwnershipReason.CLAIM,
            now=now,
            by=user,
            params=params,
        )
    return [customers[pk] for pk in ids]


@transaction.atomic
def customers_bulk_change(
    *, customer_ids, action: str, by, now: dt.datetime, reason: str, to=None
) -> int:
    """A sales manager transfers (HAND-2), assigns (INTAKE-5) or returns to the pool
    (POOL-13, with a release note its last owner completes later, POOL-6) every selected
    customer with one reason, or none."""
    if not handover_can_manage(user=by):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for this change.")})
    if action not in (ACTION_TRANSFER, ACTION_ASSIGN, ACTION_RETURN):
        raise ValidationError({"action": _("Choose what to do with the selected customers.")})
    if action != ACTION_RETURN and to is None:
        raise ValidationError({"to": _("Choose the rep who receives the customers.")})
    ids = _ids(customer_ids)
    customers = {
        c.pk: c
        for c in customer_scope_for(user=by)
        .filter(pk__in=ids)
        .select_related("ownership", "ownership__owner")
    }
    problems = []
    if len(customers) < len(ids):
        problems.append(_("Some of the selected customers no longer exist."))
    for pk in ids:
        customer = customers.get(pk)
        if customer is None:
            continue
        owner = getattr(customer, "ownership", None) and customer.ownership.owner
        if action == ACTION_ASSIGN and owner is not None:
            problems.append(
                _("%(name)s has an owner; transfer it instead.") % {"name": customer.name}
            )
        elif action != ACTION_ASSIGN and owner is None:
            problems.append(_("%(name)s is in the pool.") % {"name": customer.name})
        elif action == ACTION_TRANSFER and owner.pk == to.pk:
            problems.append(_("%(name)s already belongs to that rep.") % {"name": customer.name})
    _refuse(problems)
    params = {"bulk": len(ids)}
    for pk in ids:
        customer = customers[pk]
        try:
            if action == ACTION_TRANSFER:
                customer_transfer(customer=customer, to=to, by=by, now=now, note=reason)
            elif action == ACTION_ASSIGN:
                if not to.is_active or not to.has_perm(SELLS_PERMISSION):
                    raise ValidationError({"to": _("Choose an active sales rep.")})
                ownership_set(
                    customer=customer,
                    owner=to,
                    reason=OwnershipReason.ASSIGNMENT,
                    now=now,
                    by=by,
                    params=params,
                    note=reason,
                )
            else:
                last_owner = customer.ownership.owner
                ownership_set(
                    customer=customer,
                    owner=None,
                    reason=OwnershipReason.RETURN,
                    now=now,
                    by=by,
                    params=params,
                    note=reason,
                )
                if param("pool.expiry_note_required"):
                    ReleaseNote.objects.create(
                        customer=customer, owner=last_owner, rule="POOL-13", created_at=now
                    )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "to" in exc.error_dict:
                raise
            problems.append(f"{customer.name}: {' '.join(exc.messages)}")
    _refuse(problems)
    return len(ids)
