"""The rules in force for each pool and tier on a day (POOL-9, POOL-10, POOL-15).

`pool_rules_on(day)` reads the pools and the versions of their rules (PoolRule) in force on
`day` into a `PoolRules` snapshot; the nightly expiry, the warnings, the days left and the
rule-settings preview all build their conditions from such a snapshot, so the preview is
the nightly job's own selector with the unsaved values put in (`proposed=`).

A period is chosen for a customer by its pool and its tier (DEAL-2): the pool's value for
that tier, else the pool's value for every tier, else the rule setting (`pool.*`). The
conditions group the tiers that share a period, so the usual case (one period for all)
is the same single indexed condition as before pools had rules, with no join to tiers.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Case, Exists, FilteredRelation, IntegerField, OuterRef, Q, Value, When

from crm.parameters import params
from deals.models import Deal, DealStatus, PaymentStatus, Tier
from pools.models import Pool, PoolRuleKey

NO_TIER = ""  # a customer without confirmed payments has no tier row
TIERS: tuple[str, ...] = (*Tier.values, NO_TIER)
PERIOD_KEYS = {
    "POOL-1": (PoolRuleKey.FIRST_CONTACT_MONTHS, "pool.first_contact_months"),
    "POOL-3": (PoolRuleKey.NO_SALE_MONTHS, "pool.no_sale_months"),
}
EXCLUSION_PARAMS = {
    PoolRuleKey.EXCLUDE_OPEN_DEAL: "pool.exclude_open_deal",
    PoolRuleKey.EXCLUDE_PROTECTED: "pool.exclude_protected",
}
MONTHS_MAX = 120


@dataclass(frozen=True)
class Proposed:
    """An unsaved value of the settings page: `value` None is "as the pool's default"."""

    pool_id: int
    key: str
    tier: str
    value: int | None


@dataclass
class PoolRules:
    """Every pool's periods by tier and its exclusions, in force on `day`."""

    day: dt.date
    default_pool_id: int | None
    names: dict[int | None, str] = field(default_factory=dict)
    # (rule, pool id) → {tier: months}; pool None stands for "no pools defined".
    months: dict[tuple[str, int | None], dict[str, int]] = field(default_factory=dict)
    excludes: dict[tuple[str, int | None], bool] = field(default_factory=dict)

    @property
    def pool_ids(self) -> list[int | None]:
        return list(self.names)

    def months_for(self, rule: str, pool_id: int | None, tier: str | None) -> int:
        pool_id = self.default_pool_id if pool_id is None else pool_id
        by_tier = self.months.get((rule, pool_id)) or self.months[(rule, self.default_pool_id)]
        return by_tier.get(tier or NO_TIER, by_tier[NO_TIER])

    def excludes_for(self, key: str, pool_id: int | None) -> bool:
        pool_id = self.default_pool_id if pool_id is None else pool_id
        return self.excludes.get((key, pool_id), False)

    def params_of(self, pool_id: int | None) -> dict:
        """What one pool uses, for a history row or the page (POOL-10)."""
        pool_id = self.default_pool_id if pool_id is None else pool_id
        return {
            "pool": pool_id,
            "pool_name": self.names.get(pool_id, ""),
            **{
                param_key: self.months.get((rule, pool_id), {})
                for rule, (_key, param_key) in PERIOD_KEYS.items()
            },
            **{key: self.excludes.get((key, pool_id), False) for key in EXCLUSION_PARAMS},
        }

    # Conditions ---------------------------------------------------------------------

    def _pool_q(self, pool_id: int | None) -> Q:
        if pool_id is None:
            return Q(pool__isnull=True)
        if pool_id == self.default_pool_id:
            return Q(pool=pool_id) | Q(pool__isnull=True)
        return Q(pool=pool_id)

    def groups(self, rule: str) -> Iterable[tuple[Q, int, int | None]]:
        """(pool-and-tier condition, months, pool id) per pool and period shared by tiers."""
        for pool_id in self.pool_ids:
            by_months: dict[int, list[str]] = defaultdict(list)
            for tier, months in self.months[(rule, pool_id)].items():
                by_months[months].append(tier)
            for months, tiers in sorted(by_months.items()):
                yield (
                    self._pool_q(pool_id) & _tier_q(tiers, alone=len(by_months) == 1),
                    months,
                    pool_id,
                )

    def exclusions_q(self, pool_id: int | None, *, at: dt.datetime) -> Q:
        """The customers this pool keeps from expiring at `at` (POOL-10); Q() for none."""
        q = Q()
        if self.excludes_for(PoolRuleKey.EXCLUDE_PROTECTED, pool_id):
            q &= Q(protected_until__isnull=True) | Q(protected_until__lte=at)
        if self.excludes_for(PoolRuleKey.EXCLUDE_OPEN_DEAL, pool_id):
            q &= ~Exists(open_deals())
        return q

    def period_q(self, rule: str, condition: Callable[[int], Q], *, at: dt.datetime) -> Q:
        """One condition over every pool and tier: `condition(months)` in each group."""
        q = Q(pk__in=[])
        for group, months, pool_id in self.groups(rule):
            q |= group & condition(months) & self.exclusions_q(pool_id, at=at)
        return q

    def months_case(self, rule: str) -> Case:
        """Each row's period, for its history row (POOL-10)."""
        return Case(
            *(When(group, then=Value(months)) for group, months, _p in self.groups(rule)),
            default=Value(0),
            output_field=IntegerField(),
        )

    def pool_case(self) -> Case:
        return Case(
            *(When(self._pool_q(pool_id), then=Value(pool_id or 0)) for pool_id in self.pool_ids),
            default=Value(0),
            output_field=IntegerField(),
        )


def _tier_q(tiers: list[str], *, alone: bool) -> Q:
    if alone:
        return Q()
    real = [t for t in tiers if t != NO_TIER]
    q = Q(tier_row__tier__in=real) if real else Q(pk__in=[])
    if NO_TIER in tiers:
        q |= Q(tier_row__tier__isnull=True)
    return q


def open_deals():
    """POOL-10: a deal recorded for the customer, not cancelled, with no payment confirmed
    yet: the rep is closing it."""
    return Deal.objects.filter(customer_id=OuterRef("customer_id"), status=DealStatus.OPEN).exclude(
        payments__status=PaymentStatus.CONFIRMED
    )


def _in_force(*, day: dt.date, pool_id: int | None = None):
    """The pools ((pk, name, is_default)…) and, per (pool, key, tier), the newest saved value
    whose day has come: one query."""
    rows = (
        Pool.objects.annotate(
            r=FilteredRelation("rules", condition=Q(rules__effective_from__lte=day))
        )
        .order_by("pk", "r__effective_from", "r__changed_at", "r__pk")
        .values_list("pk", "name", "is_default", "r__key", "r__tier", "r__value")
    )
    if pool_id is not None:
        rows = rows.filter(pk=pool_id)
    pools: dict[int, tuple[str, bool]] = {}
    found: dict[tuple[int, str, str], int | None] = {}
    for pk, name, is_default, key, tier, value in rows:
        pools[pk] = (name, is_default)
        if key is not None:
            found[(pk, key, tier)] = value
    return pools, found


def pool_rules_on(*, day: dt.date, proposed: Iterable[Proposed] = ()) -> PoolRules:
    """The snapshot in force on `day` (the nightly run's day), with `proposed` values put
    in place of the saved ones (the preview of POOL-15)."""
    pools, values = _in_force(day=day)
    settings = params(
        *(param_key for _k, param_key in PERIOD_KEYS.values()), *EXCLUSION_PARAMS.values()
    )
    default = next((pk for pk, (_n, is_default) in pools.items() if is_default), None)
    rules = PoolRules(day=day, default_pool_id=default)
    for p in proposed:
        values[(p.pool_id, p.key, p.tier)] = p.value
    if default is None:  # no default pool: customers without a pool follow the settings
        rules.names[None] = ""
    for pk, (name, _d) in pools.items():
        rules.names[pk] = name
    for pool_id in rules.pool_ids:
        for rule, (key, param_key) in PERIOD_KEYS.items():
            fallback = values.get((pool_id, key, NO_TIER))
            if fallback is None:
                fallback = settings[param_key]
            rules.months[(rule, pool_id)] = {
                tier: (
                    values.get((pool_id, key, tier))
                    if tier and values.get((pool_id, key, tier)) is not None
                    else fallback
                )
                for tier in TIERS
            }
        for key, param_key in EXCLUSION_PARAMS.items():
            value = values.get((pool_id, key, NO_TIER))
            rules.excludes[(key, pool_id)] = bool(settings[param_key] if value is None else value)
    return rules


def pool_rule_values(*, pool: Pool, day: dt.date) -> dict[tuple[str, str], int | None]:
    """The pool's own saved values in force on `day` ((key, tier) → value; None: inherited),
    as the settings form shows them."""
    _pools, values = _in_force(day=day, pool_id=pool.pk)
    return {(key, tier): value for (_p, key, tier), value in values.items()}
