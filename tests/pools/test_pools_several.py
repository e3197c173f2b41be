"""Several pools (POOL-9): members, pool admins, department pool on release and expiry,
moves recorded, a rep sees and claims only in their pools, limits across pools."""
# ruff: noqa: F811  (fixtures imported)

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from customers.selectors.scope import customer_scope_for
from pools.models import Ownership, OwnershipChange, OwnershipReason
from pools.selectors import pool_list_for
from pools.services import pool_claim, pool_expiry_run, pool_move, pool_release
from tests.pools.factories_pool import owned_customer, pool_customer
from tests.pools.factories_pools import default_pool, east, west  # noqa: F401

SH = zoneinfo.ZoneInfo("Asia/Shanghai")
NOTE = {"status": "有意向", "contact_details": "晚上打电话", "progress": "报过价"}


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, 0, tzinfo=SH)


def in_pool(customer, pool, *, now):
    Ownership.objects.filter(customer=customer).update(owner=None, pool=pool, since=now)
    return customer


@pytest.mark.rule("POOL-9")
def test_an_expired_customer_goes_to_its_owners_department_pool(east, west):
    (east_pool, east_rep), (west_pool, west_rep) = east, west
    a = owned_customer(owner=east_rep, since=at(2026, 8, 1))
    b = owned_customer(owner=west_rep, since=at(2026, 8, 1))
    pool_expiry_run(now=at(2026, 11, 24, 0))
    assert Ownership.objects.get(customer=a).pool == east_pool
    assert Ownership.objects.get(customer=b).pool == west_pool
    change = OwnershipChange.objects.get(customer=a, reason=OwnershipReason.EXPIRY_NO_DEAL)
    assert change.pool == east_pool
    assert change.params["pool"] == east_pool.pk


@pytest.mark.rule("POOL-9")
def test_a_new_department_pool_receives_the_customers_its_reps_already_own(make_user):
    from crm import roles
    from pools.models import Pool
    from tests.factories import TeamFactory

    department = TeamFactory(name="华北事业部")
    rep = make_user(roles.REP, username="north")
    rep.staff.team = TeamFactory(name="华北一组", parent=department)
    rep.staff.save()
    customer = owned_customer(owner=rep, since=at(2026, 8, 1))
    north = Pool.objects.create(name="华北客户池", department=department)  # made later
    pool_expiry_run(now=at(2026, 11, 24, 0))
    assert Ownership.objects.get(customer=customer).pool == north


@pytest.mark.rule("POOL-9")
def test_release_goes_to_the_department_pool_or_the_one_chosen(east, default_pool):
    east_pool, rep = east
    first = owned_customer(owner=rep, since=at(2026, 11, 1))
    second = owned_customer(owner=rep, since=at(2026, 11, 1))
    pool_release(customer=first, user=rep, now=at(2026, 11, 20), **NOTE)
    pool_release(customer=second, user=rep, now=at(2026, 11, 20), pool=default_pool, **NOTE)
    assert Ownership.objects.get(customer=first).pool == east_pool
    assert Ownership.objects.get(customer=second).pool == default_pool
    change = OwnershipChange.objects.get(customer=second, reason=OwnershipReason.RELEASE)
    assert (change.from_pool, change.pool) == (east_pool, default_pool)


@pytest.mark.rule("POOL-9")
def test_a_rep_cannot_release_into_a_pool_they_do_not_belong_to(east, west):
    (_east_pool, rep), (west_pool, _w) = east, west
    customer = owned_customer(owner=rep, since=at(2026, 11, 1))
    with pytest.raises(ValidationError):
        pool_release(customer=customer, user=rep, now=at(2026, 11, 20), pool=west_pool, **NOTE)
    assert Ownership.objects.get(customer=customer).owner == rep


@pytest.mark.rule("POOL-9")
def test_a_rep_sees_and_claims_only_in_their_pools(east, west, default_pool, client_for):
    (east_pool, east_rep), (west_pool, west_rep) = east, west
    now = at(2026, 11, 20)
    mine = in_pool(pool_customer(name="东边客户"), east_pool, now=now)
    theirs = in_pool(pool_customer(name="西边客户"), west_pool, now=now)
    shared = in_pool(pool_customer(name="共享的客户"), default_pool, now=now)
    listed = set(pool_list_for(user=east_rep, now=now).values_list("pk", flat=True))
    assert listed == {mine.pk, shared.pk}
    assert not customer_scope_for(user=east_rep).filter(pk=theirs.pk).exists()
    client = client_for(east_rep)
    page = client.get(reverse("pools:pool_list")).content.decode()
    assert "东边客户" in page
    assert "共享的客户" in page
    assert "西边客户" not in page
    assert "华东客户池" in page  # the pools they belong to are named
    assert client.get(reverse("customers:customer_detail", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("pools:claim", args=[theirs.pk]))
    assert response.status_code == 404
    assert Ownership.objects.get(customer=theirs).owner is None
    with pytest.raises(ValidationError):
        pool_claim(customer=theirs, user=east_rep, now=now)
    pool_claim(customer=theirs, user=west_rep, now=now)
    assert Ownership.objects.get(customer=theirs).owner == west_rep


@pytest.mark.rule("POOL-9")
def test_the_pool_page_filters_by_one_of_the_reps_pools(east, default_pool, client_for):
    east_pool, rep = east
    now = at(2026, 11, 20)
    in_pool(pool_customer(name="东边客户"), east_pool, now=now)
    in_pool(pool_customer(name="共享的客户"), default_pool, now=now)
    page = client_for(rep).get(reverse("pools:pool_list"), {"pool": east_pool.pk})
    html = page.content.decode()
    assert "东边客户" in html
    assert "共享的客户" not in html


@pytest.mark.rule("POOL-9", "POOL-5")
def test_claim_limits_count_across_pools(east, default_pool, set_param):
    east_pool, rep = east
    set_param("pool.max_claims_per_day", 1)
    now = at(2026, 11, 20)
    a = in_pool(pool_customer(), east_pool, now=now)
    b = in_pool(pool_customer(), default_pool, now=now)
    pool_claim(customer=a, user=rep, now=now)
    with pytest.raises(ValidationError) as refused:
        pool_claim(customer=b, user=rep, now=now + dt.timedelta(hours=1))
    assert refused.value.code == "max_claims"


@pytest.mark.rule("POOL-9", "POOL-8")
def test_a_pool_admin_moves_customers_and_each_move_is_recorded(east, west, make_user):
    (east_pool, east_rep), (west_pool, _w) = east, west
    from crm import roles

    keeper = make_user(roles.SUPERVISOR, username="keeper")
    east_pool.admins.add(keeper)
    now = at(2026, 11, 20)
    customers = [in_pool(pool_customer(), east_pool, now=now) for _ in range(3)]
    assert pool_move(customers=customers, pool=west_pool, by=keeper, now=now, note="华西跟进") == 3
    moves = OwnershipChange.objects.filter(reason=OwnershipReason.POOL_MOVE)
    assert moves.count() == 3
    move = moves.first()
    assert (move.from_pool, move.pool, move.changed_by, move.rule) == (
        east_pool,
        west_pool,
        keeper,
        "POOL-9",
    )
    assert move.note == "华西跟进"
    assert set(Ownership.objects.filter(pool=west_pool).values_list("customer", flat=True)) == {
        c.pk for c in customers
    }
    # A rep who runs no pool moves nothing.
    with pytest.raises(ValidationError):
        pool_move(customers=customers, pool=east_pool, by=east_rep, now=now)


@pytest.mark.rule("POOL-9")
def test_the_move_page_is_for_the_pools_admins_only(east, west, make_user, client_for):
    (east_pool, east_rep), (west_pool, _w) = east, west
    from crm import roles

    keeper = make_user(roles.REP, username="keeper")
    keeper.staff.team = east_rep.staff.team
    keeper.staff.save()
    east_pool.admins.add(keeper)
    customer = in_pool(pool_customer(), east_pool, now=at(2026, 11, 20))
    url = reverse("pools:move", args=[customer.pk])
    assert client_for(east_rep).get(url).status_code == 404
    client = client_for(keeper)
    assert client.post(url, {"pool": west_pool.pk, "note": ""}).status_code == 200  # reason needed
    assert Ownership.objects.get(customer=customer).pool == east_pool
    response = client.post(url, {"pool": west_pool.pk, "note": "换区"})
    assert response.status_code == 302
    assert Ownership.objects.get(customer=customer).pool == west_pool


@pytest.mark.rule("POOL-9")
def test_the_pool_page_with_several_pools_keeps_its_pinned_query_count(
    east, west, default_pool, client_for, django_assert_max_num_queries
):
    (east_pool, rep), (west_pool, _w) = east, west
    now = at(2026, 11, 20)
    for i in range(30):
        in_pool(pool_customer(), [east_pool, west_pool, default_pool][i % 3], now=now)
    client = client_for(rep)
    # 10, and the list's capped total, its cap and the saved views (WORK-2).
    with django_assert_max_num_queries(13):
        response = client.get(reverse("pools:pool_list"))
    assert len(response.context["page"].rows) == 20  # east's and the default pool's
