"""Reads of ownership."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from crm.lib.dates import add_months
from crm.parameters import param
from customers.selectors.customers import customer_search, region_and_below
from customers.selectors.scope import customer_scope_for
from pools.models import Ownership, OwnershipChange, OwnershipReason, Protection, ReleaseNote


def ownership_timeline(*, customer) -> QuerySet[OwnershipChange]:
    """POOL-8: the customer's owners, newest first, with who changed them and by which rule."""
    return OwnershipChange.objects.filter(customer=customer).select_related(
        "from_owner", "to_owner", "changed_by"
    )


# Expiry (POOL-1, POOL-3, POOL-7) --------------------------------------------------------

# The ways of gaining a customer that start the POOL-1 clock ("no deal within 2 months").
FIRST_CONTACT_REASONS = (
    OwnershipReason.FIRST_CONTACT,
    OwnershipReason.ASSIGNMENT,
    OwnershipReason.CLAIM,
    OwnershipReason.REFERRAL,
    OwnershipReason.TRANSFER,
    OwnershipReason.HANDOVER,
)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def ended_before(*, day: dt.date, months: int) -> dt.datetime:
    """The moment M such that a period started at `t` ended before `day` exactly when t < M.

    A period started on date s ends on `add_months(s, months)` (kept through that day), so
    M is the start of the day after the latest s with add_months(s, months) < day. One
    timestamp, so the expiry is one indexable condition in SQL on any database.
    """
    latest = add_months(day, -months)
    while add_months(latest, months) >= day:
        latest -= dt.timedelta(days=1)
    while add_months(latest + dt.timedelta(days=1), months) < day:
        latest += dt.timedelta(days=1)
    return _day_start(latest + dt.timedelta(days=1))


def unprotected(*, today: dt.date) -> Q:
    """A condition on Ownership rows: no protection covers the customer today (POOL-11)."""
    return ~Exists(
        Protection.objects.filter(
            customer_id=OuterRef("customer_id"), ended_at__isnull=True, ends_on__gte=today
        )
    )


def _no_sale_since_gained() -> Q:
    return Q(last_sale_at__isnull=True) | Q(last_sale_at__lt=F("since"))


def expired_first_contact(*, today: dt.date, months: int) -> QuerySet[Ownership]:
    """POOL-1: owned by first contact, assignment, claim, referral, transfer or handover, and
    no confirmed sale since, for a period of `months` that ended before today."""
    return Ownership.objects.filter(
        _no_sale_since_gained(),
        unprotected(today=today),  # POOL-11
        owner__isnull=False,
        reason__in=FIRST_CONTACT_REASONS,
        since__lt=ended_before(day=today, months=months),
    )


def expired_no_sale(*, today: dt.date, months: int) -> QuerySet[Ownership]:
    """POOL-3: a customer with past sales and no confirmed sale for `months` months, counted
    from the later of its last sale and the day its owner gained it."""
    cut = ended_before(day=today, months=months)
    return Ownership.objects.filter(
        unprotected(today=today),  # POOL-11
        owner__isnull=False,
        last_sale_at__isnull=False,
        last_sale_at__lt=cut,
        since__lt=cut,
    )


def expiry_of(
    *, since, reason, last_sale_at, first_months: int, sale_months: int
) -> tuple[dt.date, str]:
    """The last day an owner keeps the customer, and the rule that ends it."""
    found = []
    if reason in FIRST_CONTACT_REASONS and (last_sale_at is None or last_sale_at < since):
        found.append((add_months(timezone.localdate(since), first_months), "POOL-1"))
    if last_sale_at is not None:
        start = timezone.localdate(max(since, last_sale_at))
        found.append((add_months(start, sale_months), "POOL-3"))
    return min(found) if found else (dt.date.max, "")


def pool_expiring(*, now: dt.datetime, days: int | None = None) -> QuerySet[Ownership]:
    """Owned customers whose period ends within `days` (default `pool.warn_days`) from today."""
    today = timezone.localdate(now)
    days = param("pool.warn_days") if days is None else days
    first, sale = param("pool.first_contact_months"), param("pool.no_sale_months")
    last_day = today + dt.timedelta(days=days + 1)
    lo1, hi1 = ended_before(day=today, months=first), ended_before(day=last_day, months=first)
    lo3, hi3 = ended_before(day=today, months=sale), ended_before(day=last_day, months=sale)
    by_first = (
        _no_sale_since_gained()
        & Q(reason__in=FIRST_CONTACT_REASONS)
        & Q(since__gte=lo1, since__lt=hi1)
    )
    by_sale = Q(last_sale_at__isnull=False, last_sale_at__lt=hi3, since__lt=hi3) & (
        Q(last_sale_at__gte=lo3) | Q(since__gte=lo3)
    )
    return (
        Ownership.objects.filter(owner__isnull=False)
        .filter(by_first | by_sale)
        .order_by("since", "customer_id")
    )


@dataclass(frozen=True)
class Expiring:
    ownership: Ownership
    ends: dt.date
    rule: str


def pool_expiring_rows(*, ownerships) -> list[Expiring]:
    """The rows of a page of `pool_expiring`, each with its last day and rule."""
    first, sale = param("pool.first_contact_months"), param("pool.no_sale_months")
    rows = []
    for o in ownerships:
        ends, rule = expiry_of(
            since=o.since,
            reason=o.reason,
            last_sale_at=o.last_sale_at,
            first_months=first,
            sale_months=sale,
        )
        rows.append(Expiring(ownership=o, ends=ends, rule=rule))
    return rows


def pool_expiring_count(*, now: dt.datetime) -> int:
    """Dashboard panel for sales managers: customers returning to the pool this week."""
    return pool_expiring(now=now).count()


# The pool page (POOL-5) -----------------------------------------------------------------

HISTORY_NEVER, HISTORY_WORKED = "never", "worked"
# The pool's order and its keyset (crm.lib.paging), newest in the pool first: the columns
# of the partial index ownership_pool_idx (since, customer_id) WHERE owner IS NULL.
POOL_ORDER = ("ownership__since", "ownership__customer_id")


def pool_list_for(
    *,
    user,
    now: dt.datetime,
    region=None,
    source: str = "",
    days_in_pool: int | None = None,
    history: str = "",
    q: str = "",
    tier: str = "",
) -> QuerySet:
    """POOL-5: ownerless customers the user may see, filtered, newest in the pool first.

    Page it with `keyset_page(order=POOL_ORDER)`. Every customer has an ownership row, so
    `since IS NOT NULL` turns the join into an inner one and the pool is read in order from
    the partial index of ownerless rows, however many owned customers are newer.
    """
    qs = customer_scope_for(user=user).filter(
        ownership__owner__isnull=True, ownership__since__isnull=False
    )
    qs = customer_search(qs=qs, q=q)
    if region is not None:
        qs = qs.filter(region_id__in=region_and_below(region=region))
    if source:
        qs = qs.filter(source=source)
    if days_in_pool:
        qs = qs.filter(ownership__since__lte=now - dt.timedelta(days=days_in_pool))
    if tier:  # DEAL-2's tier; a customer without confirmed payments has no tier row
        qs = qs.filter(tier__tier=tier)
    if history == HISTORY_NEVER:
        qs = qs.filter(ownership__reason=OwnershipReason.NEW)
    elif history == HISTORY_WORKED:
        qs = qs.exclude(ownership__reason=OwnershipReason.NEW)
    return qs.select_related("region", "ownership").order_by(*(f"-{c}" for c in POOL_ORDER))


def pool_claims_left(*, user, now: dt.datetime) -> int | None:
    """How many more customers the user may claim today (None: no daily limit)."""
    limit = param("pool.max_claims_per_day")
    if not limit:
        return None
    start = _day_start(timezone.localdate(now))
    used = OwnershipChange.objects.filter(
        to_owner=user, reason=OwnershipReason.CLAIM, changed_at__gte=start
    ).count()
    return max(limit - used, 0)


# Release notes (POOL-6) -----------------------------------------------------------------


def release_notes_pending_for(*, user) -> QuerySet[ReleaseNote]:
    """Notes still to write: the user's own; every pending one for a sales manager."""
    qs = ReleaseNote.objects.filter(completed_at__isnull=True)
    if not user.has_perm("customers.view_all_customers"):
        qs = qs.filter(owner=user)
    return qs.select_related("customer", "owner").order_by("-created_at", "-pk")


def release_notes_pending_count(*, user) -> int:
    """Dashboard panel for reps (their own) and sales managers (all): notes to complete."""
    return release_notes_pending_for(user=user).count()


def release_note_get_for(*, user, pk) -> ReleaseNote:
    """A release note the user may open: their own, or any for a sales manager; else 404."""
    qs = ReleaseNote.objects.select_related("customer", "owner")
    if not user.has_perm("customers.view_all_customers"):
        qs = qs.filter(owner=user)
    return get_object_or_404(qs, pk=pk)
