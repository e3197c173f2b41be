"""Bulk claim on the pool and the manager's bulk transfer, assignment and return (POOL-13):
all or nothing, each change recorded one by one with its rule."""
# ruff: noqa: F811  (fixtures imported from factories_pool)

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pools.bulk import customers_bulk_change, pool_claim_many
from pools.models import Ownership, OwnershipChange, OwnershipReason, ReleaseNote
from pools.services import pool_claim
from tests.pools.factories_pool import manager, owned_customer, pool_customer, rep2  # noqa: F401


@pytest.mark.rule("POOL-13")
def test_a_rep_claims_five_in_one_step_each_recorded(client_for, rep, frozen_now):
    customers = [pool_customer(name=f"客户{i}") for i in range(5)]
    response = client_for(rep).post(
        reverse("pools:claim_many"), {"ids": [c.pk for c in customers]}, follow=True
    )
    assert "You now own 5 customers" in response.content.decode()
    assert Ownership.objects.filter(owner=rep).count() == 5
    changes = OwnershipChange.objects.filter(to_owner=rep, reason=OwnershipReason.CLAIM)
    assert changes.count() == 5
    assert set(changes.values_list("rule", flat=True)) == {"POOL-5"}


@pytest.mark.rule("POOL-13")
def test_a_selection_over_the_daily_limit_claims_none_and_says_so(rep, set_param, frozen_now):
    set_param("pool.max_claims_per_day", 3)
    customers = [pool_customer() for _ in range(4)]
    with pytest.raises(ValidationError) as refused:
        pool_claim_many(customer_ids=[c.pk for c in customers], user=rep, now=frozen_now)
    assert "You selected 4 customers but may claim only 3 more" in " ".join(refused.value.messages)
    assert "Nothing was changed." in refused.value.messages
    assert not Ownership.objects.filter(owner=rep).exists()


@pytest.mark.rule("POOL-13")
def test_one_customer_taken_meanwhile_claims_none_and_names_no_owner(
    client_for, rep, rep2, frozen_now
):
    free = [pool_customer() for _ in range(2)]
    taken = pool_customer(name="被领走")
    pool_claim(customer=taken, user=rep2, now=frozen_now)
    client = client_for(rep)
    ids = [*(c.pk for c in free), taken.pk]
    response = client.post(reverse("pools:claim_many"), {"ids": ids}, follow=True)
    page = response.content.decode()
    assert "1 of the selected customers is no longer in the pool" in page
    assert "被领走" not in page
    assert not Ownership.objects.filter(owner=rep).exists()
    # The selection is kept for the next view of the pool.
    assert page.count("checked") >= 2


@pytest.mark.rule("POOL-13")
def test_a_manager_transfers_assigns_and_returns_many_with_one_reason(
    client_for, manager, rep, rep2, frozen_now
):
    owned = [owned_customer(owner=rep, since=frozen_now) for _ in range(3)]
    client = client_for(manager)
    client.post(
        reverse("pools:customers_bulk"),
        {"ids": [c.pk for c in owned], "action": "transfer", "to": rep2.pk, "reason": "调岗"},
    )
    moved = OwnershipChange.objects.filter(reason=OwnershipReason.TRANSFER, to_owner=rep2)
    assert moved.count() == 3
    assert set(moved.values_list("note", flat=True)) == {"调岗"}
    assert set(moved.values_list("rule", flat=True)) == {"HAND-2"}

    client.post(
        reverse("pools:customers_bulk"),
        {"ids": [c.pk for c in owned[:2]], "action": "return", "reason": "长期未跟进"},
    )
    returned = OwnershipChange.objects.filter(reason=OwnershipReason.RETURN)
    assert returned.count() == 2
    assert set(returned.values_list("rule", flat=True)) == {"POOL-13"}
    assert ReleaseNote.objects.filter(owner=rep2, completed_at__isnull=True).count() == 2

    client.post(
        reverse("pools:customers_bulk"),
        {"ids": [c.pk for c in owned[:2]], "action": "assign", "to": rep.pk, "reason": "重新分配"},
    )
    assert Ownership.objects.filter(owner=rep).count() == 2


@pytest.mark.rule("POOL-13")
def test_a_manager_bulk_change_is_all_or_nothing(manager, rep, rep2, frozen_now):
    owned = owned_customer(owner=rep, since=frozen_now)
    in_pool = pool_customer(name="池中")
    with pytest.raises(ValidationError, match="池中 is in the pool"):
        customers_bulk_change(
            customer_ids=[owned.pk, in_pool.pk],
            action="transfer",
            to=rep2,
            by=manager,
            now=frozen_now,
            reason="调岗",
        )
    assert Ownership.objects.get(customer=owned).owner == rep
    with pytest.raises(ValidationError):
        customers_bulk_change(
            customer_ids=[owned.pk], action="return", by=manager, now=frozen_now, reason=" "
        )


@pytest.mark.rule("POOL-13")
def test_the_list_shows_the_bulk_bar_to_managers_only(
    client_for, manager, rep, frozen_now, django_assert_max_num_queries
):
    for _ in range(3):
        owned_customer(owner=rep, since=frozen_now)
    client = client_for(manager)
    client.get(reverse("customers:customer_list"))
    with django_assert_max_num_queries(10):
        page = client.get(reverse("customers:customer_list")).content.decode()
    assert 'id="customer-bulk"' in page
    assert 'name="ids"' in page
    assert (
        'id="customer-bulk"'
        not in client_for(rep).get(reverse("customers:customer_list")).content.decode()
    )


@pytest.mark.rule("POOL-13")
def test_a_customer_the_rep_left_recently_refuses_the_whole_selection(rep, frozen_now):
    import datetime as dt

    from pools.services import pool_release

    left = owned_customer(owner=rep, since=frozen_now - dt.timedelta(days=3), name="刚退回")
    pool_release(
        customer=left,
        user=rep,
        now=frozen_now - dt.timedelta(days=1),
        status="无意向",
        contact_details="勿扰",
        progress="未报价",
    )
    other = pool_customer()
    with pytest.raises(ValidationError) as refused:
        pool_claim_many(customer_ids=[other.pk, left.pk], user=rep, now=frozen_now)
    assert "刚退回: you left this customer recently" in " ".join(refused.value.messages)
    assert not Ownership.objects.filter(owner=rep).exists()


@pytest.mark.rule("SEC-7")
@pytest.mark.parametrize("bad", [str(2**70), "²"])
def test_an_id_no_table_can_hold_claims_none_and_answers_as_missing(rep, frozen_now, bad):
    free = pool_customer()
    with pytest.raises(ValidationError) as refused:
        pool_claim_many(customer_ids=[free.pk, bad], user=rep, now=frozen_now)
    assert "1 of the selected customers is no longer in the pool." in refused.value.messages
    assert not Ownership.objects.filter(owner=rep).exists()


@pytest.mark.rule("SEC-7")
def test_the_bulk_bars_refuse_an_id_past_64_bits_with_a_message(
    client_for, manager, rep, frozen_now
):
    free = pool_customer()
    huge = str(2**70)
    claim = client_for(rep).post(reverse("pools:claim_many"), {"ids": [free.pk, huge]})
    assert claim.status_code == 302
    bulk = client_for(manager).post(
        reverse("pools:customers_bulk"),
        {"ids": [free.pk, huge], "action": "assign", "to": rep.pk, "reason": "调整"},
        follow=True,
    )
    assert bulk.status_code == 200
    assert huge in bulk.content.decode()  # "Select a valid choice. … is not one of them"
    assert not Ownership.objects.filter(owner=rep).exists()
