"""The pool pages as people use them: the pool, claim, release, refer, notes, expiring."""
# ruff: noqa: F811  (fixtures imported from factories_pool)

import datetime as dt

import pytest
from django.urls import reverse

from crm import roles
from pools.models import Ownership, ReleaseNote
from pools.services import pool_claim, pool_expiry_run
from tests.factories import RegionFactory
from tests.pools.factories_pool import manager, owned_customer, pool_customer, rep2  # noqa: F401

POOL = reverse("pools:pool_list")
EXPIRING = reverse("pools:expiring")


@pytest.mark.rule("POOL-5")
def test_a_rep_sees_only_ownerless_customers_in_the_pool(client_for, rep, rep2, frozen_now):
    pool_customer(name="池中客户", since=frozen_now - dt.timedelta(days=5))
    pool_customer(name="从未有主")
    owned_customer(owner=rep2, since=frozen_now, name="别人的客户")
    page = client_for(rep).get(POOL).content.decode()
    assert "池中客户" in page
    assert "从未有主" in page
    assert "别人的客户" not in page


@pytest.mark.rule("POOL-5", "DEAL-2")
def test_the_pool_filters_by_tier(client_for, rep, frozen_now):
    from deals.models import CustomerTier, Tier

    former_a = pool_customer(name="曾是A类", since=frozen_now - dt.timedelta(days=40))
    CustomerTier.objects.create(customer=former_a, tier=Tier.A)
    pool_customer(name="没有等级")
    page = client_for(rep).get(POOL, {"tier": "a"}).content.decode()
    assert "曾是A类" in page
    assert "没有等级" not in page


@pytest.mark.rule("POOL-5")
def test_the_pool_filters_by_region_days_in_pool_and_last_contact(client_for, rep, frozen_now):
    north = RegionFactory(name="北区")
    pool_customer(name="北区老客户", region=north, since=frozen_now - dt.timedelta(days=40))
    pool_customer(name="北区新客户", region=north, since=frozen_now - dt.timedelta(days=1))
    pool_customer(name="南区客户", since=frozen_now - dt.timedelta(days=40))
    client = client_for(rep)
    page = client.get(POOL, {"region": north.pk, "days": 30}).content.decode()
    assert "北区老客户" in page
    assert "北区新客户" not in page
    assert "南区客户" not in page
    never = pool_customer(name="从未联系")
    page = client.get(POOL, {"history": "never"}).content.decode()
    assert never.name in page
    assert "北区老客户" not in page


@pytest.mark.rule("POOL-5")
def test_the_pool_page_has_a_pinned_query_count_on_every_page(
    client_for, rep, frozen_now, django_assert_max_num_queries
):
    for i in range(60):
        pool_customer(since=frozen_now - dt.timedelta(days=i % 9), region=RegionFactory())
    client = client_for(rep)
    # 11, and the rule parameters read once on a cold cache.
    with django_assert_max_num_queries(13):
        first = client.get(POOL)
    assert first.context["page"].has_next
    after = first.context["page"].next_cursor
    with django_assert_max_num_queries(11):
        second = client.get(POOL, {"after": after})
    assert len(second.context["page"].rows) == 25


@pytest.mark.rule("POOL-5")
def test_a_rep_claims_from_the_pool_page_and_lands_on_the_customer(client_for, rep, frozen_now):
    customer = pool_customer(name="待认领")
    response = client_for(rep).post(reverse("pools:claim", args=[customer.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "customers:customer_detail", args=[customer.pk]
    )
    assert "You now own" in response.content.decode()
    assert Ownership.objects.get(customer=customer).owner == rep


@pytest.mark.rule("POOL-5")
@pytest.mark.rule("SEC-6")
def test_the_slower_claimer_gets_what_a_missing_customer_gets(client_for, rep, rep2, frozen_now):
    """No oracle: a customer another rep claimed a moment ago answers as a missing one."""
    customer = pool_customer()
    pool_claim(customer=customer, user=rep2, now=frozen_now)
    client = client_for(rep)
    response = client.post(reverse("pools:claim", args=[customer.pk]))
    missing = client.post(reverse("pools:claim", args=[customer.pk + 1000]))
    assert response.status_code == missing.status_code == 404


@pytest.mark.rule("SEAL-2")
def test_a_claim_of_another_reps_customer_answers_as_a_missing_id(
    client_for, rep, rep2, frozen_now
):
    """Issue 12, item 9: the answer must not reveal that the id exists and is owned (it
    replaces the page's "another rep claimed this customer" message, kept by the service
    for a claim that races another one, tests/pools/test_pool_claim.py)."""
    customer = pool_customer()
    pool_claim(customer=customer, user=rep2, now=frozen_now)
    client = client_for(rep)
    owned = client.post(reverse("pools:claim", args=[customer.pk]))
    missing = client.post(reverse("pools:claim", args=[customer.pk + 1000]))
    assert owned.status_code == missing.status_code == 404
    assert owned.content == missing.content
    assert Ownership.objects.get(customer=customer).owner == rep2


@pytest.mark.rule("POOL-6")
def test_releasing_on_the_page_needs_the_note(client_for, rep, frozen_now):
    customer = owned_customer(owner=rep, since=frozen_now)
    client = client_for(rep)
    url = reverse("pools:release", args=[customer.pk])
    response = client.post(url, {"status": "", "contact_details": "", "progress": ""})
    assert response.status_code == 200
    assert response.content.decode().count('class="error"') == 3
    assert Ownership.objects.get(customer=customer).owner == rep
    response = client.post(
        url, {"status": "<script>x</script>", "contact_details": "电话", "progress": "报价"}
    )
    assert response.status_code == 302
    assert Ownership.objects.get(customer=customer).owner is None


@pytest.mark.rule("POOL-4")
def test_a_manager_refers_from_the_pool_page(client_for, manager, rep, frozen_now):
    customer = pool_customer()
    client = client_for(manager)
    assert reverse("pools:refer", args=[customer.pk]) in client.get(POOL).content.decode()
    response = client.post(reverse("pools:refer", args=[customer.pk]), {"rep": rep.pk})
    assert response.status_code == 302
    assert Ownership.objects.get(customer=customer).is_referral


def test_a_rep_cannot_open_the_referral_or_expiring_pages(client_for, rep):
    customer = pool_customer()
    client = client_for(rep)
    assert client.get(reverse("pools:refer", args=[customer.pk])).status_code == 403
    assert client.get(EXPIRING).status_code == 403


@pytest.mark.rule("POOL-6")
def test_the_last_owner_writes_the_pending_note_from_the_list(client_for, rep, frozen_now):
    customer = owned_customer(owner=rep, since=frozen_now - dt.timedelta(days=90))
    pool_expiry_run(now=frozen_now)
    note = ReleaseNote.objects.get(customer=customer)
    client = client_for(rep)
    assert customer.name in client.get(reverse("pools:release_notes")).content.decode()
    response = client.post(
        reverse("pools:release_note", args=[note.pk]),
        {"status": "一般", "contact_details": "微信", "progress": "初步沟通"},
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert not note.is_pending


@pytest.mark.rule("POOL-7")
def test_managers_see_expiring_this_week_in_pinned_queries(
    client_for, manager, rep, rep2, frozen_now, django_assert_max_num_queries
):
    for owner in (rep, rep2):
        for day in range(23, 29):
            owned_customer(owner=owner, since=frozen_now.replace(month=9, day=day))
    owned_customer(owner=rep, since=frozen_now, name="刚认领")
    client = client_for(manager)
    with django_assert_max_num_queries(10):
        response = client.get(EXPIRING)
    page = response.content.decode()
    assert len(response.context["rows"]) == 12
    assert "刚认领" not in page
    assert "POOL-1" in page


def test_someone_who_neither_sells_nor_manages_cannot_open_the_pool(client_for, make_user):
    assert client_for(make_user(roles.FINANCE)).get(POOL).status_code == 403


@pytest.mark.rule("POOL-6")
def test_the_release_notes_list_has_a_pinned_query_count(
    client_for, rep, manager, frozen_now, django_assert_max_num_queries
):
    for days in range(70, 100, 3):
        owned_customer(owner=rep, since=frozen_now - dt.timedelta(days=days))
    pool_expiry_run(now=frozen_now)
    for user in (rep, manager):
        client = client_for(user)
        with django_assert_max_num_queries(7):
            response = client.get(reverse("pools:release_notes"))
        assert len(response.context["page"].object_list) == 10


@pytest.mark.rule("POOL-5")
def test_the_pool_lists_the_newest_in_the_pool_first(client_for, rep, frozen_now):
    pool_customer(name="上月退回", since=frozen_now - dt.timedelta(days=30))
    pool_customer(name="昨天退回", since=frozen_now - dt.timedelta(days=1))
    page = client_for(rep).get(POOL).content.decode()
    assert page.index("昨天退回") < page.index("上月退回")


@pytest.mark.rule("POOL-5")
def test_paging_the_pool_reaches_the_oldest_without_repeating_anyone(client_for, rep, frozen_now):
    names = [f"池{n:02d}" for n in range(30)]
    for n, name in enumerate(names):
        pool_customer(name=name, since=frozen_now - dt.timedelta(hours=n))
    client = client_for(rep)
    first = client.get(POOL)
    second = client.get(f"{POOL}?{first.context['next_query']}")
    shown = [c.name for c in first.context["page"].rows + second.context["page"].rows]
    assert shown == names


@pytest.mark.postgresql
def test_the_pool_is_read_from_the_partial_index_of_ownerless_rows(rep):
    from django.db import connection
    from django.utils import timezone

    from pools.selectors import POOL_ORDER, pool_list_for

    # Statistics of the rows this test has (earlier tests' rows, rolled back, may have left
    # the planner believing in others): owned customers and a pool, as a shop has them.
    for i in range(60):
        pool_customer(since=timezone.now() - dt.timedelta(hours=i))
        owned_customer(owner=rep, since=timezone.now() - dt.timedelta(days=i))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE customers_customer, pools_ownership, pools_pool")
    qs = pool_list_for(user=rep, now=timezone.now())
    qs = qs.order_by(*(f"-{column}" for column in POOL_ORDER))[:26]
    with connection.cursor() as cursor:
        # Neither a scan of the table nor a sort of the pool: the page can only be read in
        # its order from an index, and the partial index is the one whose rows match.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        plan = qs.explain()
    assert "ownership_pool_idx" in plan


def test_customers_from_before_get_their_ownership_row_by_migration(rep):
    import importlib

    from customers.models import Customer
    from tests.customers.factories import CustomerFactory

    migration = importlib.import_module("pools.migrations.0004_pool_reads_ownership")
    old = CustomerFactory(name="老客户")
    Ownership.objects.filter(customer=old).delete()  # as made before every customer had one
    from django.db import connection

    class Editor:  # the one method of a schema editor the step uses
        def execute(self, sql, params=()):
            with connection.cursor() as cursor:
                cursor.execute(sql, params)

    migration.never_owned_into_the_pool(None, Editor())
    row = Ownership.objects.get(customer=old)
    assert (row.owner, row.reason, row.since) == (
        None,
        "new",
        Customer.objects.get(pk=old.pk).created_at,
    )
