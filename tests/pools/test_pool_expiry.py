"""The nightly expiry (POOL-1, POOL-3) and the warnings a week ahead (POOL-7)."""
# ruff: noqa: F811  (fixtures imported from factories_pool)

import datetime as dt
import zoneinfo

import pytest
from django.utils import translation

from crm.models import Notification
from pools.models import Ownership, OwnershipChange, OwnershipReason, ReleaseNote
from pools.selectors import pool_expiring_count
from pools.services import pool_expiry_run, pool_expiry_warn
from tests.pools.factories_pool import manager, owned_customer, rep2  # noqa: F401

SH = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, 0, tzinfo=SH)


# The job runs just after midnight, Shanghai time.
def night(y, m, d):
    return dt.datetime(y, m, d, 0, 30, tzinfo=SH)


def owner_of(customer):
    return Ownership.objects.get(customer=customer).owner


@pytest.mark.rule("POOL-1")
def test_a_customer_without_a_deal_returns_the_night_after_its_last_day(rep):
    customer = owned_customer(owner=rep, since=at(2026, 9, 23))
    pool_expiry_run(now=night(2026, 11, 23))  # 23 November is still the rep's
    assert owner_of(customer) == rep
    moved = pool_expiry_run(now=night(2026, 11, 24))
    assert moved["POOL-1"] == 1
    assert owner_of(customer) is None
    change = OwnershipChange.objects.get(customer=customer, reason=OwnershipReason.EXPIRY_NO_DEAL)
    assert change.rule == "POOL-1"
    assert change.from_owner == rep
    assert change.changed_by is None
    assert change.params["pool.first_contact_months"] == 2
    assert change.note == "No confirmed deal within 2 months of 2026-09-23."
    assert change.params["started_before"] == "2026-09-24"


@pytest.mark.rule("POOL-1")
def test_gained_on_the_31st_of_december_the_period_ends_with_february(rep):
    customer = owned_customer(owner=rep, since=at(2026, 12, 31))
    pool_expiry_run(now=night(2027, 2, 28))
    assert owner_of(customer) == rep
    pool_expiry_run(now=night(2027, 3, 1))
    assert owner_of(customer) is None


@pytest.mark.rule("POOL-1", "POOL-2")
def test_a_confirmed_deal_within_the_period_keeps_the_customer(rep):
    customer = owned_customer(
        owner=rep, since=at(2026, 9, 1), first_sale=at(2026, 10, 1), last_sale=at(2026, 10, 1)
    )
    assert pool_expiry_run(now=night(2026, 11, 24))["POOL-1"] == 0
    assert owner_of(customer) == rep


@pytest.mark.rule("POOL-1")
def test_the_period_follows_the_admins_number_of_months(rep, set_param):
    set_param("pool.first_contact_months", 1)
    customer = owned_customer(owner=rep, since=at(2026, 10, 20))
    pool_expiry_run(now=night(2026, 11, 22))
    assert owner_of(customer) is None
    change = OwnershipChange.objects.get(customer=customer, reason=OwnershipReason.EXPIRY_NO_DEAL)
    assert change.params["pool.first_contact_months"] == 1


@pytest.mark.rule("POOL-3")
def test_a_customer_with_past_sales_and_none_for_three_months_returns(rep):
    customer = owned_customer(
        owner=rep,
        since=at(2026, 1, 5),
        reason=OwnershipReason.FIRST_DEAL,
        first_sale=at(2026, 1, 5),
        last_sale=at(2026, 8, 20),
    )
    pool_expiry_run(now=night(2026, 11, 20))  # last day 20 November
    assert owner_of(customer) == rep
    moved = pool_expiry_run(now=night(2026, 11, 21))
    assert moved == {"POOL-1": 0, "POOL-3": 1}
    change = OwnershipChange.objects.get(customer=customer, reason=OwnershipReason.EXPIRY_NO_SALE)
    assert change.rule == "POOL-3"
    assert change.params["pool.no_sale_months"] == 3


@pytest.mark.rule("POOL-1", "POOL-3")
def test_running_the_job_twice_changes_nothing_the_second_time(rep, rep2):
    for owner in (rep, rep2):
        owned_customer(owner=owner, since=at(2026, 5, 1))
        owned_customer(owner=owner, since=at(2026, 1, 1), last_sale=at(2026, 2, 1))
    fresh = owned_customer(owner=rep, since=at(2026, 11, 1))
    first = pool_expiry_run(now=night(2026, 11, 24))
    assert first == {"POOL-1": 2, "POOL-3": 2}
    changes = OwnershipChange.objects.count()
    second = pool_expiry_run(now=night(2026, 11, 24))
    assert second == {"POOL-1": 0, "POOL-3": 0}
    assert OwnershipChange.objects.count() == changes
    assert owner_of(fresh) == rep


@pytest.mark.rule("POOL-6")
def test_an_expired_customer_waits_for_its_last_owners_release_note(rep):
    customer = owned_customer(owner=rep, since=at(2026, 5, 1))
    pool_expiry_run(now=night(2026, 11, 24))
    note = ReleaseNote.objects.get(customer=customer)
    assert note.owner == rep
    assert note.is_pending
    assert note.rule == "POOL-1"


@pytest.mark.rule("POOL-7")
def test_owners_are_warned_once_a_week_ahead(rep, rep2):
    soon = owned_customer(owner=rep, since=at(2026, 9, 28), name="王芳")  # last day 28 Nov
    owned_customer(owner=rep2, since=at(2026, 10, 20))  # last day 20 December: not yet
    later_sale = owned_customer(
        owner=rep2, since=at(2026, 1, 1), first_sale=at(2026, 1, 2), last_sale=at(2026, 8, 25)
    )  # POOL-3: last day 25 November
    assert pool_expiry_warn(now=at(2026, 11, 23, 7)) == 2
    assert pool_expiry_warn(now=at(2026, 11, 24, 7)) == 2
    notices = Notification.objects.order_by("user_id")
    assert [n.key for n in notices] == [
        f"pool-expiry:{soon.pk}:2026-11-28",
        f"pool-expiry:{later_sale.pk}:2026-11-25",
    ]
    assert notices[0].text == ""  # WORK-4: worded when read, in the reader's language
    assert notices[0].kind == "pools.expiry_warning"
    with translation.override("en"):
        assert notices[0].words.startswith("王芳 returns to the pool after 28 Nov 2026")
    with translation.override("zh-hans"):
        assert notices[0].words.startswith("王芳 将在 2026年11月28日 之后回收至客户池")
    assert notices[0].rule == "POOL-7"


@pytest.mark.rule("POOL-7")
def test_managers_see_how_many_customers_expire_this_week(rep, frozen_now):
    owned_customer(owner=rep, since=at(2026, 9, 25))
    owned_customer(owner=rep, since=at(2026, 11, 1))
    assert pool_expiring_count(now=frozen_now) == 1


@pytest.mark.rule("POOL-1", "POOL-7")
def test_the_scheduled_tasks_move_and_warn_with_the_current_time(rep, frozen_now):
    from pools import tasks

    gone = owned_customer(owner=rep, since=frozen_now - dt.timedelta(days=70))
    soon = owned_customer(owner=rep, since=frozen_now - dt.timedelta(days=58))
    assert tasks.expiry_nightly() == {"POOL-1": 1, "POOL-3": 0}
    assert tasks.expiry_warnings() == 1
    assert owner_of(gone) is None
    assert Notification.objects.get(user=rep).key.startswith(f"pool-expiry:{soon.pk}:")
