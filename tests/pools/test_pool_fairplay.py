"""Hand-offs around the rules (POOL-16) and rulings after a first deal or a duplicate took a
customer from an active owner (POOL-17)."""
# ruff: noqa: F811  (fixtures imported from factories_pool)

import datetime as dt

import pytest
from django.urls import reverse

from crm.models import Notification
from pools.fairplay import flagged_pairs, ruling_decide
from pools.models import Ownership, OwnershipChange, OwnershipReason, Ruling, RulingStatus
from pools.services import ownership_set, pool_claim, pool_release
from tests.deals.factories import make_deal, pay_confirmed
from tests.pools.factories_pool import manager, owned_customer, rep2  # noqa: F401

NOTE = {"status": "有意向", "contact_details": "周二上午电话", "progress": "已报价"}


def _hand_off(*, giver, taker, at, days_between=1):
    customer = owned_customer(owner=giver, since=at - dt.timedelta(days=5))
    pool_release(customer=customer, user=giver, now=at, **NOTE)
    pool_claim(customer=customer, user=taker, now=at + dt.timedelta(days=days_between))
    return customer


@pytest.mark.rule("POOL-16")
def test_more_than_k_quick_hand_offs_between_two_reps_are_flagged(rep, rep2, frozen_now):
    start = frozen_now - dt.timedelta(days=60)
    for i in range(2):
        _hand_off(giver=rep, taker=rep2, at=start + dt.timedelta(days=10 * i))
    _hand_off(giver=rep, taker=rep2, at=start + dt.timedelta(days=25), days_between=5)  # slow
    assert flagged_pairs(now=frozen_now) == []  # two quick ones: not more than K=2
    _hand_off(giver=rep, taker=rep2, at=start + dt.timedelta(days=30))
    (pair,) = flagged_pairs(now=frozen_now)
    assert (pair.left_by, pair.claimed_by, pair.times) == (rep, rep2, 3)
    assert len(pair.events) == 3
    # The reverse direction and hand-offs older than the window do not count.
    assert flagged_pairs(now=frozen_now + dt.timedelta(days=120)) == []


@pytest.mark.rule("POOL-16")
def test_the_manager_sees_the_flagged_pair_page_and_a_rep_does_not(
    client_for, manager, rep, rep2, frozen_now, django_assert_max_num_queries
):
    for i in range(3):
        _hand_off(giver=rep, taker=rep2, at=frozen_now - dt.timedelta(days=30 - 5 * i))
    client = client_for(manager)
    # 8, and the rule parameters read once on a cold cache.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("pools:flagged"))
    page = response.content.decode()
    assert f'data-pair="{rep.pk}-{rep2.pk}"' in page
    assert client_for(rep).get(reverse("pools:flagged")).status_code == 403


@pytest.mark.rule("POOL-17")
def test_a_first_deal_taking_a_customer_opens_a_ruling_and_tells_both(
    rep, rep2, finance, frozen_now
):
    customer = owned_customer(owner=rep, since=frozen_now - dt.timedelta(days=3))
    pay_confirmed(
        deal=make_deal(customer=customer, rep=rep2, now=frozen_now),
        amount="1000.00",
        finance=finance,
        now=frozen_now,
    )
    assert Ownership.objects.get(customer=customer).owner == rep2
    ruling = Ruling.objects.get(customer=customer)
    assert (ruling.lost_by, ruling.gained_by, ruling.cause) == (rep, rep2, "first_deal")
    kinds = set(Notification.objects.filter(rule="POOL-17").values_list("user", "kind"))
    assert kinds == {(rep.pk, "pools.ruling_lost"), (rep2.pk, "pools.ruling_gained")}
    assert "now belongs to" in Notification.objects.get(user=rep, rule="POOL-17").words


@pytest.mark.rule("POOL-17")
def test_the_manager_reverses_with_a_reason_recorded_in_the_timeline(
    client_for, manager, rep, rep2, frozen_now
):
    customer = owned_customer(owner=rep, since=frozen_now - dt.timedelta(days=3))
    ownership_set(  # a duplicate's survey assigned to rep2 (INTAKE-9)
        customer=customer, owner=rep2, reason=OwnershipReason.ASSIGNMENT, now=frozen_now
    )
    ruling = Ruling.objects.get(customer=customer, cause="duplicate")
    client = client_for(manager)
    url = reverse("pools:ruling", args=[ruling.pk])
    refused = client.post(url, {"decision": "reverse", "reason": ""})
    assert refused.status_code == 200
    assert Ownership.objects.get(customer=customer).owner == rep2
    client.post(url, {"decision": "reverse", "reason": "张伟先接触，重复登记"})
    ruling.refresh_from_db()
    assert ruling.status == RulingStatus.REVERSED
    assert ruling.decided_by == manager
    assert Ownership.objects.get(customer=customer).owner == rep
    back = OwnershipChange.objects.filter(customer=customer).first()
    assert (back.reason, back.rule, back.note) == ("ruling", "POOL-17", "张伟先接触，重复登记")
    page = client.get(reverse("customers:customer_detail", args=[customer.pk])).content.decode()
    assert "Reversed" in page
    assert "张伟先接触，重复登记" in page
    assert Notification.objects.filter(kind="pools.ruling_decided").count() == 2


@pytest.mark.rule("POOL-17")
def test_a_confirmed_ruling_keeps_the_owner_and_no_ruling_for_pool_or_leavers(
    manager, rep, rep2, frozen_now
):
    customer = owned_customer(owner=rep, since=frozen_now)
    ownership_set(customer=customer, owner=rep2, reason=OwnershipReason.FIRST_DEAL, now=frozen_now)
    ruling = Ruling.objects.get(customer=customer)
    ruling_decide(ruling=ruling, by=manager, now=frozen_now, confirm=True, reason="首单有效")
    assert Ownership.objects.get(customer=customer).owner == rep2
    assert Ruling.objects.get(pk=ruling.pk).status == RulingStatus.CONFIRMED
    rep.is_active = False
    rep.save()
    other = owned_customer(owner=rep, since=frozen_now)
    ownership_set(customer=other, owner=rep2, reason=OwnershipReason.FIRST_DEAL, now=frozen_now)
    assert not Ruling.objects.filter(customer=other).exists()


@pytest.mark.rule("POOL-17")
def test_rulings_page_lists_open_rulings_for_managers_only(
    client_for, manager, rep, rep2, frozen_now, django_assert_max_num_queries
):
    for _ in range(3):
        customer = owned_customer(owner=rep, since=frozen_now)
        ownership_set(
            customer=customer, owner=rep2, reason=OwnershipReason.FIRST_DEAL, now=frozen_now
        )
    client = client_for(manager)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("pools:rulings"))
    assert len(response.context["page"].object_list) == 3
    assert client_for(rep).get(reverse("pools:rulings")).status_code == 403
    ruling = Ruling.objects.first()
    assert client_for(rep).post(reverse("pools:ruling", args=[ruling.pk])).status_code == 403
