"""Claiming from the pool (POOL-5) with the limits admins set, and referrals (POOL-4)."""
# ruff: noqa: F811  (fixtures imported from factories_pool)

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from crm import roles
from pools.models import Ownership, OwnershipChange, OwnershipReason
from pools.services import pool_claim, pool_expiry_run, pool_refer, pool_release
from tests.pools.factories_pool import (  # noqa: F401
    manager,
    owned_customer,
    pool_customer,
    rep2,
)

NOTE = {"status": "有意向", "contact_details": "周二上午电话", "progress": "已报价"}


@pytest.mark.rule("POOL-5")
def test_a_claim_makes_the_rep_the_owner_and_restarts_the_clock(rep, frozen_now):
    customer = pool_customer(since=frozen_now - dt.timedelta(days=40))
    pool_claim(customer=customer, user=rep, now=frozen_now)
    ownership = Ownership.objects.get(customer=customer)
    assert ownership.owner == rep
    assert ownership.since == frozen_now
    assert ownership.reason == OwnershipReason.CLAIM
    assert ownership.rule == "POOL-5"


@pytest.mark.rule("POOL-5")
def test_a_customer_never_owned_can_be_claimed(rep, frozen_now):
    customer = pool_customer()
    pool_claim(customer=customer, user=rep, now=frozen_now)
    assert Ownership.objects.get(customer=customer).owner == rep


@pytest.mark.rule("POOL-5")
def test_the_second_claimer_is_told_someone_was_faster(rep, rep2, frozen_now):
    customer = pool_customer()
    pool_claim(customer=customer, user=rep, now=frozen_now)
    with pytest.raises(ValidationError, match="Another rep claimed this customer"):
        pool_claim(customer=customer, user=rep2, now=frozen_now)
    assert Ownership.objects.get(customer=customer).owner == rep


@pytest.mark.rule("POOL-5")
def test_a_rep_cannot_own_more_than_the_limit(rep, set_param, frozen_now):
    set_param("pool.max_owned", 1)
    owned_customer(owner=rep, since=frozen_now)
    with pytest.raises(ValidationError, match="the most one rep may own"):
        pool_claim(customer=pool_customer(), user=rep, now=frozen_now)


@pytest.mark.rule("POOL-5")
def test_a_rep_cannot_claim_more_than_the_daily_limit(rep, set_param, frozen_now):
    set_param("pool.max_claims_per_day", 2)
    for _ in range(2):
        pool_claim(customer=pool_customer(), user=rep, now=frozen_now)
    with pytest.raises(ValidationError, match="the most allowed in a day"):
        pool_claim(customer=pool_customer(), user=rep, now=frozen_now)
    # The next day the count starts again.
    pool_claim(customer=pool_customer(), user=rep, now=frozen_now + dt.timedelta(days=1))


@pytest.mark.rule("POOL-5", "POOL-6")
def test_a_rep_waits_before_claiming_again_a_customer_they_released(rep, set_param, frozen_now):
    set_param("pool.reclaim_days", 30)
    customer = owned_customer(owner=rep, since=frozen_now - dt.timedelta(days=10))
    pool_release(customer=customer, user=rep, now=frozen_now, **NOTE)
    with pytest.raises(ValidationError, match="you may claim it again from 23 Dec 2026"):
        pool_claim(customer=customer, user=rep, now=frozen_now + dt.timedelta(days=29))
    pool_claim(customer=customer, user=rep, now=frozen_now + dt.timedelta(days=30))
    assert Ownership.objects.get(customer=customer).owner == rep


@pytest.mark.rule("POOL-5", "POOL-1")
def test_letting_a_customer_expire_counts_as_leaving_it_for_the_wait(rep, rep2, frozen_now):
    customer = owned_customer(owner=rep, since=frozen_now - dt.timedelta(days=90))
    pool_expiry_run(now=frozen_now)
    with pytest.raises(ValidationError, match="you may claim it again"):
        pool_claim(customer=customer, user=rep, now=frozen_now)
    pool_claim(customer=customer, user=rep2, now=frozen_now)  # another rep may


@pytest.mark.rule("POOL-5")
def test_someone_who_does_not_sell_cannot_claim(make_user, frozen_now):
    doctor = make_user(roles.SERVICE_DOCTOR)
    with pytest.raises(ValidationError, match="Only sales reps"):
        pool_claim(customer=pool_customer(), user=doctor, now=frozen_now)


@pytest.mark.rule("POOL-4")
def test_a_manager_refers_a_customer_to_a_rep(manager, rep, frozen_now):
    customer = pool_customer()
    pool_refer(customer=customer, rep=rep, by=manager, now=frozen_now, note="老朋友介绍")
    ownership = Ownership.objects.get(customer=customer)
    assert ownership.owner == rep
    assert ownership.is_referral
    assert ownership.rule == "POOL-4"
    change = OwnershipChange.objects.get(customer=customer)
    assert change.changed_by == manager
    assert change.note == "老朋友介绍"


@pytest.mark.rule("POOL-4")
def test_a_referral_cannot_take_a_customer_from_its_owner(manager, rep, rep2, frozen_now):
    customer = owned_customer(owner=rep2, since=frozen_now)
    with pytest.raises(ValidationError, match="transfer"):
        pool_refer(customer=customer, rep=rep, by=manager, now=frozen_now)


@pytest.mark.rule("POOL-4")
def test_a_rep_cannot_refer(rep, rep2, frozen_now):
    with pytest.raises(ValidationError, match="Only sales managers"):
        pool_refer(customer=pool_customer(), rep=rep2, by=rep, now=frozen_now)


@pytest.mark.postgresql
@pytest.mark.rule("POOL-5")
@pytest.mark.django_db(transaction=True)
def test_two_reps_claiming_at_the_same_moment_exactly_one_wins(make_user):
    roles.sync_roles()
    from django.utils import timezone

    first = make_user(roles.REP, username="claim1")
    second = make_user(roles.REP, username="claim2")
    customer = pool_customer()
    now = timezone.now()
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}

    def claim(user):
        try:
            barrier.wait(timeout=5)
            pool_claim(customer=customer, user=user, now=now)
            results[user.username] = "won"
        except ValidationError as exc:
            results[user.username] = exc.messages[0]
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(u,)) for u in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    assert sorted(results.values())[-1] == "won"
    assert list(results.values()).count("won") == 1
    loser = next(v for v in results.values() if v != "won")
    assert "Another rep claimed this customer" in loser
    winner = next(name for name, v in results.items() if v == "won")
    assert Ownership.objects.get(customer=customer).owner.username == winner
    assert OwnershipChange.objects.filter(customer=customer, reason="claim").count() == 1
