"""Periods per pool and tier, with exclusions (POOL-10), still one set-based statement per
rule, idempotent, each history row naming the pool, the tier and the parameters."""
# ruff: noqa: F811  (fixtures imported)

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from deals.models import CustomerTier, Deal
from pools.models import Ownership, OwnershipChange, OwnershipReason, PoolRule, PoolRuleKey
from pools.selectors import pool_expiring
from pools.services import pool_expiry_run, pool_rules_save
from tests.pools.factories_pool import owned_customer
from tests.pools.factories_pools import default_pool, east, west  # noqa: F401

SH = zoneinfo.ZoneInfo("Asia/Shanghai")
FIRST = PoolRuleKey.FIRST_CONTACT_MONTHS.value
SALE = PoolRuleKey.NO_SALE_MONTHS.value


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, 0, tzinfo=SH)


def night(y, m, d):
    return dt.datetime(y, m, d, 0, 30, tzinfo=SH)


def tiered(customer, tier):
    CustomerTier.objects.create(customer=customer, tier=tier)
    return customer


def owner_of(customer):
    return Ownership.objects.get(customer=customer).owner


def rules(pool, values, *, by=None, day=dt.date(2026, 11, 1)):
    pool_rules_save(
        pool=pool, values=values, effective_from=day, by=by, now=at(day.year, day.month, day.day, 0)
    )


@pytest.mark.rule("POOL-10")
def test_vip_keeps_six_months_and_c_one_month_in_the_same_pool(east):
    pool, rep = east
    rules(pool, {(FIRST, "vip"): 6, (FIRST, "c"): 1})
    since = at(2026, 9, 10)  # 2½ months before the night
    vip = tiered(owned_customer(owner=rep, since=since), "vip")
    c = tiered(owned_customer(owner=rep, since=since), "c")
    untiered = owned_customer(owner=rep, since=since)  # the rule settings' 2 months
    recent_c = tiered(owned_customer(owner=rep, since=at(2026, 11, 1)), "c")
    moved = pool_expiry_run(now=night(2026, 11, 24))
    assert moved["POOL-1"] == 2
    assert owner_of(vip) == rep
    assert owner_of(recent_c) == rep
    assert owner_of(c) is None
    assert owner_of(untiered) is None
    change = OwnershipChange.objects.get(customer=c, reason=OwnershipReason.EXPIRY_NO_DEAL)
    assert change.pool == pool
    assert change.params["pool"] == pool.pk
    assert change.params["tier"] == "c"
    assert change.params["pool.first_contact_months"] == 1
    assert change.params["started_before"] == "2026-10-24"
    assert change.note == "No confirmed deal within 1 months of 2026-09-10."
    other = OwnershipChange.objects.get(customer=untiered, reason=OwnershipReason.EXPIRY_NO_DEAL)
    assert (other.params["tier"], other.params["pool.first_contact_months"]) == ("", 2)


@pytest.mark.rule("POOL-10")
def test_each_pool_has_its_own_periods(east, west):
    (east_pool, east_rep), (west_pool, west_rep) = east, west
    rules(east_pool, {(SALE, ""): 6})
    a = owned_customer(owner=east_rep, since=at(2026, 1, 5), last_sale=at(2026, 7, 1))
    b = owned_customer(owner=west_rep, since=at(2026, 1, 5), last_sale=at(2026, 7, 1))
    moved = pool_expiry_run(now=night(2026, 11, 24))
    assert moved["POOL-3"] == 1
    assert owner_of(a) == east_rep  # 6 months in the east
    assert owner_of(b) is None  # 3 in the west (the rule settings)
    change = OwnershipChange.objects.get(customer=b, reason=OwnershipReason.EXPIRY_NO_SALE)
    assert change.params["pool.no_sale_months"] == 3
    assert change.pool == west_pool


@pytest.mark.rule("POOL-10")
def test_a_pool_may_keep_customers_with_an_open_deal(east, west):
    (east_pool, east_rep), (_west_pool, west_rep) = east, west
    rules(east_pool, {(PoolRuleKey.EXCLUDE_OPEN_DEAL.value, ""): 1})
    kept = owned_customer(owner=east_rep, since=at(2026, 8, 1))
    gone = owned_customer(owner=west_rep, since=at(2026, 8, 1))
    for customer, rep in ((kept, east_rep), (gone, west_rep)):
        Deal.objects.create(
            customer=customer, rep=rep, created_at=at(2026, 11, 20), total=Decimal("100")
        )
    pool_expiry_run(now=night(2026, 11, 24))
    assert owner_of(kept) == east_rep
    assert owner_of(gone) is None


@pytest.mark.rule("POOL-10", "POOL-11")
def test_a_protected_customer_does_not_expire_unless_its_pool_says_otherwise(east, west):
    (east_pool, east_rep), (_west_pool, west_rep) = east, west
    rules(east_pool, {(PoolRuleKey.EXCLUDE_PROTECTED.value, ""): 0})
    protected_east = owned_customer(owner=east_rep, since=at(2026, 8, 1))
    protected_west = owned_customer(owner=west_rep, since=at(2026, 8, 1))
    Ownership.objects.filter(customer__in=[protected_east, protected_west]).update(
        protected_until=at(2026, 12, 1)
    )
    pool_expiry_run(now=night(2026, 11, 24))
    assert owner_of(protected_west) == west_rep
    assert owner_of(protected_east) is None


@pytest.mark.rule("POOL-10")
def test_one_update_per_rule_however_many_pools_and_tiers_and_a_second_run_does_nothing(east, west):
    (east_pool, east_rep), (west_pool, west_rep) = east, west
    rules(east_pool, {(FIRST, "vip"): 6, (FIRST, "a"): 4, (FIRST, "c"): 1, (SALE, "b"): 5})
    rules(west_pool, {(FIRST, ""): 1, (SALE, "vip"): 12})
    for i, tier in enumerate(["vip", "a", "b", "c", "special_vip"] * 4):
        rep = east_rep if i % 2 else west_rep
        tiered(owned_customer(owner=rep, since=at(2026, 6, 1 + i)), tier)
        tiered(owned_customer(owner=rep, since=at(2026, 1, 1), last_sale=at(2026, 5, 1 + i)), tier)
    with CaptureQueriesContext(connection) as queries:
        moved = pool_expiry_run(now=night(2026, 11, 24))
    moves = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('UPDATE "pools_ownership"') and '"owner_id" = NULL' in q["sql"]
    ]
    assert len(moves) == 2  # one per rule (POOL-1, POOL-3)
    assert (
        sum(moved.values())
        == OwnershipChange.objects.filter(
            reason__in=[OwnershipReason.EXPIRY_NO_DEAL, OwnershipReason.EXPIRY_NO_SALE]
        ).count()
    )
    assert sum(moved.values()) > 0
    assert pool_expiry_run(now=night(2026, 11, 24)) == {"POOL-1": 0, "POOL-3": 0}


@pytest.mark.rule("POOL-10", "POOL-15")
def test_a_change_takes_effect_from_its_day(east):
    pool, rep = east
    rules(pool, {(FIRST, ""): 6}, day=dt.date(2026, 11, 1))
    rules(pool, {(FIRST, ""): 1}, day=dt.date(2026, 11, 30))  # saved now, from the 30th
    customer = owned_customer(owner=rep, since=at(2026, 9, 20))
    pool_expiry_run(now=night(2026, 11, 24))
    assert owner_of(customer) == rep  # six months still
    pool_expiry_run(now=night(2026, 11, 30))
    assert owner_of(customer) is None
    latest = PoolRule.objects.filter(pool=pool).first()
    assert (latest.previous, latest.value) == (6, 1)


@pytest.mark.rule("POOL-10", "POOL-7")
def test_owners_are_warned_by_their_pools_and_tiers_period(east):
    pool, rep = east
    rules(pool, {(FIRST, "vip"): 6})
    now = at(2026, 11, 23, 1)
    vip = tiered(owned_customer(owner=rep, since=at(2026, 9, 25)), "vip")
    plain = owned_customer(owner=rep, since=at(2026, 9, 25))
    warned = set(pool_expiring(now=now).values_list("customer_id", flat=True))
    assert warned == {plain.pk}
    assert vip.pk not in warned
