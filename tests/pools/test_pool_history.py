"""POOL-8: every path that changes an owner records who, when, which rule, from whom."""
# ruff: noqa: F811  (fixtures imported from factories_pool)

import datetime as dt

import pytest

from pools.models import OwnershipChange
from pools.services import pool_claim, pool_expiry_run, pool_refer, pool_release
from tests.pools.factories_pool import manager, owned_customer, pool_customer, rep2  # noqa: F401


@pytest.mark.rule("POOL-8", "POOL-1", "POOL-3", "POOL-4", "POOL-5", "POOL-6")
def test_every_change_of_owner_is_kept_with_who_when_rule_and_from_whom(
    rep, rep2, manager, frozen_now
):
    now = frozen_now
    claimed = pool_customer()
    pool_claim(customer=claimed, user=rep, now=now)
    referred = pool_customer()
    pool_refer(customer=referred, rep=rep2, by=manager, now=now)
    released = owned_customer(owner=rep2, since=now - dt.timedelta(days=2))
    pool_release(
        customer=released, user=rep2, now=now, status="a", contact_details="b", progress="c"
    )
    no_deal = owned_customer(owner=rep, since=now - dt.timedelta(days=70))
    no_sale = owned_customer(
        owner=rep2,
        since=now - dt.timedelta(days=400),
        first_sale=now - dt.timedelta(days=399),
        last_sale=now - dt.timedelta(days=100),
    )
    pool_expiry_run(now=now)

    def last(customer):
        return OwnershipChange.objects.filter(customer=customer).first()

    seen = {
        name: (c.rule, c.from_owner, c.to_owner, c.changed_by, c.changed_at)
        for name, c in (
            ("claim", last(claimed)),
            ("referral", last(referred)),
            ("release", last(released)),
            ("no_deal", last(no_deal)),
            ("no_sale", last(no_sale)),
        )
    }
    assert seen == {
        "claim": ("POOL-5", None, rep, rep, now),
        "referral": ("POOL-4", None, rep2, manager, now),
        "release": ("POOL-6", rep2, None, rep2, now),
        "no_deal": ("POOL-1", rep, None, None, now),
        "no_sale": ("POOL-3", rep2, None, None, now),
    }
