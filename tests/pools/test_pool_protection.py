"""Protection (POOL-11) and the owner's last day (POOL-14, issue 12 item 9)."""
# ruff: noqa: F811  (fixtures imported from factories_pool)

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pools.models import Ownership, Protection, ProtectionEnd
from pools.protection import last_day_of, protection_end_run, protection_start
from pools.services import pool_claim, pool_expiry_run, pool_release
from pools.tasks import protection_nightly
from tests.pools.factories_pool import owned_customer, pool_customer, rep2  # noqa: F401

NOTE = {"status": "有意向", "contact_details": "周二上午电话", "progress": "已报价"}


def _day(now, days):
    return now + dt.timedelta(days=days)


@pytest.mark.rule("POOL-11")
def test_a_protected_customer_does_not_expire_until_the_protection_ends(rep, frozen_now):
    old = frozen_now - dt.timedelta(days=80)  # its two months ended days ago
    customer = owned_customer(owner=rep, since=old)
    protection_start(customer=customer, user=rep, now=frozen_now, days=10)
    assert pool_expiry_run(now=frozen_now)["POOL-1"] == 0
    assert Ownership.objects.get(customer=customer).owner == rep
    # Day 10 is the last protected day; the night after, the protection ends, then it expires.
    assert protection_end_run(now=_day(frozen_now, 9)) == 0
    assert pool_expiry_run(now=_day(frozen_now, 9))["POOL-1"] == 0
    night = _day(frozen_now, 10).replace(hour=0, minute=30)
    assert protection_end_run(now=night) == 1
    assert protection_end_run(now=night) == 0  # idempotent
    assert pool_expiry_run(now=night)["POOL-1"] == 1
    ended = Protection.objects.get(customer=customer)
    assert ended.started_at == frozen_now
    assert (ended.ended_at, ended.end_reason) == (night, ProtectionEnd.EXPIRED)
    assert Ownership.objects.get(customer=customer).owner is None


@pytest.mark.rule("POOL-11")
def test_an_owner_protects_at_most_n_customers_for_at_most_m_days(rep, set_param, frozen_now):
    set_param("pool.protect_max", 2)
    set_param("pool.protect_days", 30)
    first, second, third = (owned_customer(owner=rep, since=frozen_now) for _ in range(3))
    protection_start(customer=first, user=rep, now=frozen_now)
    assert Protection.objects.get(customer=first).ends_on == dt.date(2026, 12, 22)
    with pytest.raises(ValidationError, match="between 1 and 30 days"):
        protection_start(customer=second, user=rep, now=frozen_now, days=31)
    protection_start(customer=second, user=rep, now=frozen_now, days=5)
    with pytest.raises(ValidationError, match="already protect 2 customers"):
        protection_start(customer=third, user=rep, now=frozen_now)
    with pytest.raises(ValidationError, match="already protected"):
        protection_start(customer=first, user=rep, now=frozen_now)


@pytest.mark.rule("POOL-11")
def test_only_the_owner_protects_and_a_new_owner_ends_the_protection(rep, rep2, frozen_now):
    customer = owned_customer(owner=rep, since=frozen_now)
    with pytest.raises(ValidationError, match="Only the customer's owner"):
        protection_start(customer=customer, user=rep2, now=frozen_now)
    protection_start(customer=customer, user=rep, now=frozen_now)
    later = _day(frozen_now, 1)
    pool_release(customer=customer, user=rep, now=later, **NOTE)
    ended = Protection.objects.get(customer=customer)
    assert (ended.ended_at, ended.end_reason) == (later, ProtectionEnd.OWNER_CHANGED)
    pool_claim(customer=customer, user=rep2, now=_day(frozen_now, 2))
    assert not Protection.objects.filter(customer=customer, ended_at__isnull=True).exists()


@pytest.mark.rule("POOL-11")
def test_the_nightly_chain_ends_protections_before_the_expiry():
    from crm.schedules import NIGHT

    assert NIGHT.index("pools.tasks.protection_nightly") < NIGHT.index("pools.tasks.expiry_nightly")
    assert protection_nightly.__doc__


@pytest.mark.rule("POOL-14")
def test_the_last_day_is_the_later_of_the_period_and_the_protection(rep, frozen_now):
    customer = owned_customer(owner=rep, since=frozen_now - dt.timedelta(days=58))
    ownership = Ownership.objects.get(customer=customer)
    last = last_day_of(ownership=ownership, today=frozen_now.date())
    assert (last.day, last.days_left, last.rule, last.soon) == (
        dt.date(2026, 11, 26),
        3,
        "POOL-1",
        True,
    )
    protection_start(customer=customer, user=rep, now=frozen_now, days=7)
    last = last_day_of(ownership=ownership, today=frozen_now.date())
    assert (last.day, last.days_left, last.soon) == (dt.date(2026, 11, 29), 6, False)


@pytest.mark.rule("POOL-14")
@pytest.mark.rule("POOL-11")
def test_a_rep_sees_the_last_day_and_protects_on_the_customer_page(client_for, rep, frozen_now):
    customer = owned_customer(owner=rep, since=frozen_now - dt.timedelta(days=58))
    client = client_for(rep)
    page = client.get(reverse("customers:customer_detail", args=[customer.pk])).content.decode()
    assert "Last day of ownership" in page
    assert 'datetime="2026-11-26"' in page
    assert "3 days left" in page
    assert "is-soon" in page
    response = client.post(reverse("pools:protect", args=[customer.pk]), {"days": "5"}, follow=True)
    page = response.content.decode()
    assert "is protected until 2026-11-27" in page
    assert "End the protection" in page
    client.post(reverse("pools:unprotect", args=[customer.pk]))
    assert Protection.objects.get(customer=customer).end_reason == ProtectionEnd.OWNER


@pytest.mark.rule("POOL-11")
def test_another_rep_cannot_protect_a_customer_they_cannot_see(client_for, rep, rep2, frozen_now):
    customer = owned_customer(owner=rep2, since=frozen_now)
    response = client_for(rep).post(reverse("pools:protect", args=[customer.pk]))
    assert response.status_code == 404
    assert not Protection.objects.exists()


@pytest.mark.rule("POOL-14")
def test_the_reps_list_sorts_by_days_left_and_highlights_three_or_fewer(
    client_for, rep, frozen_now, django_assert_max_num_queries
):
    late = owned_customer(owner=rep, since=frozen_now - dt.timedelta(days=10), name="晚到期")
    soon = owned_customer(owner=rep, since=frozen_now - dt.timedelta(days=59), name="快到期")
    mid = owned_customer(owner=rep, since=frozen_now - dt.timedelta(days=30), name="中间")
    pool_customer(name="池中客户")
    client = client_for(rep)
    client.get(reverse("customers:customer_list"))
    # 9, and the list's capped total and saved views (WORK-2).
    with django_assert_max_num_queries(11):
        response = client.get(reverse("customers:customer_list"), {"sort": "days_left"})
    rows = response.context["page"].rows
    assert [c.pk for c in rows] == [soon.pk, mid.pk, late.pk]
    assert [c.last_day.days_left for c in rows] == [2, 31, 51]
    page = response.content.decode()
    assert page.count("days-left is-soon") == 1
    assert "Days left" in page
    # The default order still pages by seek and shows the column.
    default = client.get(reverse("customers:customer_list"))
    assert {c.pk for c in default.context["page"].rows} >= {soon.pk, mid.pk, late.pk}
