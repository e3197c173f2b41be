"""Fair play: hand-offs around the rules (POOL-16) and ownership rulings (POOL-17).

POOL-16: a customer one rep released or let expire, claimed by one other rep within
`pool.pair_days` days, counts as a hand-off between the two; a pair with more than
`pool.pair_times` hand-offs in the last `pool.pair_window_days` days is shown to the sales
manager. Read live from the ownership history (POOL-8): each claim is joined to the
customer's previous change of owner, one grouped query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from crm.parameters import param
from crm.selectors import person_name
from crm.services import notify
from pools.models import (
    Ownership,
    OwnershipChange,
    OwnershipReason,
    Ruling,
    RulingStatus,
)
from pools.services import LEFT_REASONS, ownership_set

MANAGES_PERMISSION = "customers.view_all_customers"

# Hand-offs (POOL-16) ---------------------------------------------------------------------


def _handoffs(*, now: dt.datetime) -> QuerySet[OwnershipChange]:
    """Claims in the window, each with the change just before it (who left the customer,
    how, when), kept when that was a release or expiry by another rep within N days."""
    window = param("pool.pair_window_days")
    days = param("pool.pair_days")
    previous = OwnershipChange.objects.filter(
        customer_id=OuterRef("customer_id"), changed_at__lt=OuterRef("changed_at")
    ).order_by("-changed_at", "-pk")
    return (
        OwnershipChange.objects.filter(
            reason=OwnershipReason.CLAIM, changed_at__gte=now - dt.timedelta(days=window)
        )
        .annotate(
            left_by=Subquery(previous.values("from_owner_id")[:1]),
            left_reason=Subquery(previous.values("reason")[:1]),
            left_at=Subquery(previous.values("changed_at")[:1]),
        )
        .filter(
            left_reason__in=LEFT_REASONS,
            left_by__isnull=False,
            left_at__gte=F("changed_at") - dt.timedelta(days=days),
        )
        .exclude(left_by=F("to_owner_id"))
    )


@dataclass(frozen=True)
class FlaggedPair:
    left_by: object
    claimed_by: object
    times: int
    events: list  # the hand-offs, newest first: (customer, left_reason, left_at, claimed_at)


def flagged_pairs(*, now: dt.datetime) -> list[FlaggedPair]:
    """POOL-16: the pairs of reps with more than K hand-offs in the window, most first."""
    times = param("pool.pair_times")
    counted = (
        _handoffs(now=now)
        .order_by()
        .values("left_by", "to_owner_id")
        .annotate(times=Count("pk"))
        .filter(times__gt=times)
        .order_by("-times", "left_by", "to_owner_id")
    )
    pairs = [(row["left_by"], row["to_owner_id"], row["times"]) for row in counted]
    if not pairs:
        return []
    people = get_user_model().objects.in_bulk({pk for a, b, _n in pairs for pk in (a, b)})
    events: dict[tuple[int, int], list] = {}
    rows = (
        _handoffs(now=now)
        .filter(to_owner_id__in={b for _a, b, _n in pairs})
        .select_related("customer")
        .order_by("-changed_at", "-pk")
    )
    for change in rows:
        events.setdefault((change.left_by, change.to_owner_id), []).append(change)
    return [FlaggedPair(people[a], people[b], n, events.get((a, b), [])) for a, b, n in pairs]


# Rulings (POOL-17) ------------------------------------------------------------------------


def rulings_open() -> QuerySet[Ruling]:
    return (
        Ruling.objects.filter(status=RulingStatus.OPEN)
        .select_related("customer", "lost_by", "gained_by", "change")
        .order_by("-opened_at", "-pk")
    )


def rulings_decided() -> QuerySet[Ruling]:
    return (
        Ruling.objects.exclude(status=RulingStatus.OPEN)
        .select_related("customer", "lost_by", "gained_by", "decided_by")
        .order_by("-decided_at", "-pk")
    )


def rulings_of(*, customer) -> QuerySet[Ruling]:
    return Ruling.objects.filter(customer=customer).select_related(
        "lost_by", "gained_by", "decided_by"
    )


def rulings_open_count(*, user) -> int:
    return rulings_open().count() if user.has_perm(MANAGES_PERMISSION) else 0


def ruling_get_for(*, user, pk) -> Ruling:
    """A ruling for a sales manager; 404 for everyone else, as for a missing one."""
    qs = Ruling.objects.select_related("customer", "lost_by", "gained_by", "change")
    if not user.has_perm(MANAGES_PERMISSION):
        qs = qs.none()
    return get_object_or_404(qs, pk=pk)


@transaction.atomic
def ruling_decide(*, ruling: Ruling, by, now: dt.datetime, confirm: bool, reason: str) -> Ruling:
    """POOL-17: the sales manager confirms the change, or reverses it (the customer goes
    back to the rep who lost it, recorded as a change by ruling); both reps are told."""
    if not by.has_perm(MANAGES_PERMISSION):
        raise ValidationError(_("Only sales managers may rule on ownership."), "perm")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the ruling.")})
    ruling = Ruling.objects.select_for_update().get(pk=ruling.pk)
    if ruling.status != RulingStatus.OPEN:
        raise ValidationError(_("This ruling was already made."), "decided")
    if not confirm:
        current = (
            Ownership.objects.select_for_update()
            .filter(customer_id=ruling.customer_id)
            .values_list("owner_id", flat=True)
            .first()
        )
        if current != ruling.gained_by_id:
            raise ValidationError(
                _("The customer changed owner since; it can no longer be given back."), "moved"
            )
        if not ruling.lost_by.is_active:
            raise ValidationError(_("The previous owner has left; hand it over instead."), "left")
        ownership_set(
            customer=ruling.customer,
            owner=ruling.lost_by,
            reason=OwnershipReason.RULING,
            now=now,
            by=by,
            params={"ruling": ruling.pk, "cause": ruling.cause},
            note=reason,
        )
    ruling.status = RulingStatus.CONFIRMED if confirm else RulingStatus.REVERSED
    ruling.decided_by = by
    ruling.decided_at = now
    ruling.reason = reason
    ruling.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    params = {
        "customer": ruling.customer.name,
        "status": ruling.status,
        "lost": person_name(ruling.lost_by),
        "gained": person_name(ruling.gained_by),
        "reason": reason,
    }
    url = reverse("customers:customer_detail", args=[ruling.customer_id])
    for user in (ruling.lost_by, ruling.gained_by):
        notify(
            user=user,
            key=f"pool-ruling-decided:{ruling.pk}:{user.pk}",
            now=now,
            kind="pools.ruling_decided",
            url=url,
            rule="POOL-17",
            params=params,
        )
    return ruling
