"""Reads of ownership."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from crm.lib.dates import add_months
from crm.models import StaffProfile, Team
from crm.parameters import param
from customers.selectors.customers import customer_search, region_and_below
from customers.selectors.scope import customer_scope_for
from pools.models import (
    Ownership,
    OwnershipChange,
    OwnershipReason,
    Pool,
    Protection,
    ReleaseNote,
)
from pools.periods import PoolRules, pool_rules_on

# Pools (POOL-9) ------------------------------------------------------------------------


def pool_default_id() -> int | None:
    return Pool.objects.filter(is_default=True).values_list("pk", flat=True).first()


def _team_chain(team_id: int | None) -> list[int]:
    """The team and the departments above it, nearest first."""
    chain: list[int] = []
    while team_id is not None and team_id not in chain:
        chain.append(team_id)
        team_id = Team.objects.filter(pk=team_id).values_list("parent_id", flat=True).first()
    return chain


def _user_team_chain(user) -> list[int]:
    team_id = StaffProfile.objects.filter(user=user).values_list("team_id", flat=True).first()
    return _team_chain(team_id)


def pool_home_id(*, user) -> int | None:
    """The pool `user`'s customers return to: their department's (the nearest team above
    them that has a pool), else the default pool."""
    chain = _user_team_chain(user)
    if chain:
        found = dict(
            Pool.objects.filter(department_id__in=chain).values_list("department_id", "pk")
        )
        for team_id in chain:
            if team_id in found:
                return found[team_id]
    return pool_default_id()


def _teams_of(user) -> QuerySet[Team]:
    """The user's team and the departments above it (three levels), as a subquery."""
    return Team.objects.filter(
        Q(members__user=user)
        | Q(children__members__user=user)
        | Q(children__children__members__user=user)
    ).values("pk")


def pools_visible_to(*, user) -> QuerySet[Pool]:
    """The pools `user` sees and claims in: every pool for a sales manager; else the pools
    open to every rep (no member teams), those of their team or a department above it,
    and those they administer. One query, or a subquery of another."""
    pools = Pool.objects.all()
    if user.has_perm("customers.view_all_customers"):
        return pools
    return pools.filter(
        Q(member_teams__isnull=True) | Q(member_teams__in=_teams_of(user)) | Q(admins=user)
    ).distinct()


def pool_ids_for(*, user) -> set[int]:
    return set(pools_visible_to(user=user).values_list("pk", flat=True))


def pools_for(*, user) -> QuerySet[Pool]:
    """The user's pools, each with `administered` (they may move its customers), one query."""
    if user.has_perm("customers.view_all_customers"):
        administered = Value(True)
    else:
        administered = Exists(Pool.admins.through.objects.filter(pool=OuterRef("pk"), user=user))
    return (
        Pool.objects.filter(pk__in=pools_visible_to(user=user).values("pk"))
        .annotate(administered=administered)
        .order_by("-is_default", "name")
    )


def pool_may_see(*, user, pool_id: int | None) -> bool:
    if pool_id is None:
        pool_id = pool_default_id()
        if pool_id is None:
            return True
    return pool_id in pool_ids_for(user=user)


def pool_visible_q(*, user, prefix: str = "ownership__") -> Q:
    """The ownerless customers `user` may see, as a condition on customers (or on
    ownerships with `prefix=""`), with no query of its own: Q() for a sales manager."""
    if user.has_perm("customers.view_all_customers"):
        return Q()
    visible = pools_visible_to(user=user)
    default_visible = Exists(visible.filter(is_default=True)) | ~Exists(
        Pool.objects.filter(is_default=True)
    )
    return Q(**{f"{prefix}pool__in": visible.values("pk")}) | (
        Q(**{f"{prefix}pool__isnull": True}) & Q(default_visible)
    )


def pool_admin_ids_for(*, user) -> set[int]:
    """Pools whose customers `user` may move to another pool: those they administer; every
    pool for a sales manager."""
    if user.has_perm("customers.view_all_customers"):
        return set(Pool.objects.values_list("pk", flat=True))
    return set(Pool.objects.filter(admins=user).values_list("pk", flat=True))


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


def night_of(day: dt.date) -> dt.datetime:
    """The moment the nightly run of `day` looks at (its start, Shanghai time)."""
    return _day_start(day)


def rules_for(*, today: dt.date, rules: PoolRules | None) -> PoolRules:
    return pool_rules_on(day=today) if rules is None else rules


def expired_first_contact_q(*, today: dt.date, rules: PoolRules) -> Q:
    """POOL-1: owned by first contact, assignment, claim, referral, transfer or handover, and
    no confirmed sale since, for its pool's and tier's period that ended before today,
    unless the pool keeps it (POOL-10). The condition, on owned ownerships."""
    return (
        _no_sale_since_gained()
        & Q(reason__in=FIRST_CONTACT_REASONS)
        & rules.period_q(
            "POOL-1",
            lambda months: Q(since__lt=ended_before(day=today, months=months)),
            at=night_of(today),
        )
    )


def expired_no_sale_q(*, today: dt.date, rules: PoolRules) -> Q:
    """POOL-3: a customer with past sales and no confirmed sale for its pool's and tier's
    months, counted from the later of its last sale and the day its owner gained it."""

    def ended(months: int) -> Q:
        cut = ended_before(day=today, months=months)
        return Q(last_sale_at__lt=cut, since__lt=cut)

    return Q(last_sale_at__isnull=False) & rules.period_q("POOL-3", ended, at=night_of(today))


def expired_first_contact(*, today: dt.date, rules: PoolRules | None = None) -> QuerySet[Ownership]:
    """The ownerships the nightly run of `today` returns to the pool by POOL-1."""
    rules = rules_for(today=today, rules=rules)
    return Ownership.objects.filter(
        expired_first_contact_q(today=today, rules=rules), owner__isnull=False
    )


def expired_no_sale(*, today: dt.date, rules: PoolRules | None = None) -> QuerySet[Ownership]:
    """The ownerships the nightly run of `today` returns to the pool by POOL-3."""
    rules = rules_for(today=today, rules=rules)
    return Ownership.objects.filter(
        expired_no_sale_q(today=today, rules=rules), owner__isnull=False
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


def expiry_in(
    *, rules: PoolRules, since, reason, last_sale_at, pool_id, tier
) -> tuple[dt.date, str]:
    """`expiry_of` with the periods of the customer's pool and tier."""
    return expiry_of(
        since=since,
        reason=reason,
        last_sale_at=last_sale_at,
        first_months=rules.months_for("POOL-1", pool_id, tier),
        sale_months=rules.months_for("POOL-3", pool_id, tier),
    )


def pool_expiring_q(
    *, now: dt.datetime, days: int | None = None, rules: PoolRules | None = None
) -> Q:
    """The condition of `pool_expiring`, on owned ownerships."""
    today = timezone.localdate(now)
    rules = rules_for(today=today, rules=rules)
    days = param("pool.warn_days") if days is None else days
    last_day = today + dt.timedelta(days=days + 1)
    at = night_of(last_day)

    def by_first(months: int) -> Q:
        lo, hi = ended_before(day=today, months=months), ended_before(day=last_day, months=months)
        return Q(since__gte=lo, since__lt=hi)

    def by_sale(months: int) -> Q:
        lo, hi = ended_before(day=today, months=months), ended_before(day=last_day, months=months)
        return Q(last_sale_at__lt=hi, since__lt=hi) & (Q(last_sale_at__gte=lo) | Q(since__gte=lo))

    first = _no_sale_since_gained() & Q(reason__in=FIRST_CONTACT_REASONS)
    first &= rules.period_q("POOL-1", by_first, at=at)
    sale = Q(last_sale_at__isnull=False) & rules.period_q("POOL-3", by_sale, at=at)
    return first | sale


def pool_expiring(
    *, now: dt.datetime, days: int | None = None, rules: PoolRules | None = None
) -> QuerySet[Ownership]:
    """Owned customers whose period ends within `days` (default `pool.warn_days`) from today,
    by their pool's and tier's periods, but those their pool keeps (POOL-7, POOL-10)."""
    return (
        Ownership.objects.filter(owner__isnull=False)
        .filter(pool_expiring_q(now=now, days=days, rules=rules))
        .annotate(tier_code=F("tier_row__tier"))
        .order_by("since", "customer_id")
    )


@dataclass(frozen=True)
class Expiring:
    ownership: Ownership
    ends: dt.date
    rule: str


def pool_expiring_rows(*, ownerships, rules: PoolRules | None = None) -> list[Expiring]:
    """The rows of a page of `pool_expiring`, each with its last day and rule."""
    rules = rules_for(today=timezone.localdate(), rules=rules)
    rows = []
    for o in ownerships:
        ends, rule = expiry_in(
            rules=rules,
            since=o.since,
            reason=o.reason,
            last_sale_at=o.last_sale_at,
            pool_id=o.pool_id,
            tier=getattr(o, "tier_code", None),
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
    pool=None,
) -> QuerySet:
    """POOL-5: ownerless customers the user may see, filtered, newest in the pool first.

    Page it with `keyset_page(order=POOL_ORDER)`. Every customer has an ownership row, so
    `since IS NOT NULL` turns the join into an inner one and the pool is read in order from
    the partial index of ownerless rows, however many owned customers are newer.
    """
    qs = customer_scope_for(user=user).filter(
        ownership__owner__isnull=True, ownership__since__isnull=False
    )
    if pool is not None:  # POOL-9: one of the user's pools (the scope keeps to theirs)
        in_pool = Q(ownership__pool=pool)
        if pool.is_default:
            in_pool |= Q(ownership__pool__isnull=True)
        qs = qs.filter(in_pool)
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
    return qs.select_related("region", "ownership", "ownership__pool").order_by(
        *(f"-{c}" for c in POOL_ORDER)
    )


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


# The rule-settings preview (POOL-15) ----------------------------------------------------

PREVIEW_SAMPLE = 20


@dataclass(frozen=True)
class PreviewRow:
    ownership: Ownership
    change: str  # "expires", "stays"
    ends_before: dt.date
    ends_after: dt.date
    rule: str


@dataclass(frozen=True)
class Preview:
    day: dt.date
    expire_before: int
    expire_after: int
    warn_before: int
    warn_after: int
    rows: list[PreviewRow]


def pool_rules_preview(*, day: dt.date, proposed) -> Preview:
    """POOL-15: the effect of unsaved values on the nightly run of `day`, computed with the
    nightly job's own conditions (`expired_first_contact_q`, `expired_no_sale_q`,
    `pool_expiring_q`) on the rules in force and on the same rules with `proposed` put in.

    One pass over the owned customers counts all four figures; the sample is read by the
    same conditions (those whose fate changes), at most PREVIEW_SAMPLE rows.
    """
    before = pool_rules_on(day=day)
    after = pool_rules_on(day=day, proposed=proposed)
    now = night_of(day)

    def gone(rules: PoolRules) -> Q:
        return expired_first_contact_q(today=day, rules=rules) | expired_no_sale_q(
            today=day, rules=rules
        )

    gone_before, gone_after = gone(before), gone(after)
    owned = Ownership.objects.filter(owner__isnull=False)
    figures = owned.aggregate(
        expire_before=Count("pk", filter=gone_before),
        expire_after=Count("pk", filter=gone_after),
        warn_before=Count("pk", filter=pool_expiring_q(now=now, rules=before)),
        warn_after=Count("pk", filter=pool_expiring_q(now=now, rules=after)),
    )
    changed = owned.annotate(
        _before=Case(When(gone_before, then=Value(1)), default=Value(0)),
        _after=Case(When(gone_after, then=Value(1)), default=Value(0)),
    ).exclude(_before=F("_after"))
    sample = []
    for o in (
        changed.select_related("customer", "owner", "pool")
        .annotate(tier_code=F("tier_row__tier"))
        .order_by("since", "customer_id")[:PREVIEW_SAMPLE]
    ):
        args = {
            "since": o.since,
            "reason": o.reason,
            "last_sale_at": o.last_sale_at,
            "pool_id": o.pool_id,
            "tier": o.tier_code,
        }
        ends_before, rule_before = expiry_in(rules=before, **args)
        ends_after, rule_after = expiry_in(rules=after, **args)
        change = "expires" if o._after else "stays"
        sample.append(PreviewRow(o, change, ends_before, ends_after, rule_after or rule_before))
    sample.sort(key=lambda row: row.change)
    return Preview(day=day, rows=sample, **figures)


def pool_rule_versions(*, pool) -> QuerySet:
    """POOL-15: every saved value of the pool's rules, newest first."""
    return pool.rules.select_related("changed_by").order_by("-changed_at", "-pk")
