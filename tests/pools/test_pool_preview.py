"""The rule-settings page (POOL-15): the next nightly run's effect before saving, computed
by the nightly job's own selectors, and saved changes as versions."""
# ruff: noqa: F811  (fixtures imported)

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from crm import roles
from deals.models import CustomerTier
from pools.models import Ownership, Pool, PoolRule, PoolRuleKey
from pools.periods import Proposed
from pools.selectors import PREVIEW_SAMPLE, pool_rules_preview
from pools.services import pool_expiry_run
from tests.pools.factories_pool import owned_customer
from tests.pools.factories_pools import default_pool, east, west  # noqa: F401

SH = zoneinfo.ZoneInfo("Asia/Shanghai")
FIRST = PoolRuleKey.FIRST_CONTACT_MONTHS.value
NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=SH)  # the next run: the night of the 24th
TOMORROW = dt.date(2026, 11, 24)


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, 0, tzinfo=SH)


def tiered(customer, tier):
    CustomerTier.objects.create(customer=customer, tier=tier)
    return customer


@pytest.fixture
def admin(make_user):
    return make_user(roles.ADMIN, username="admin", last_name="赵", first_name="管")


@pytest.fixture
def customers(east):
    """Gained 2½ months before the night: VIP, C and untiered ones."""
    _pool, rep = east
    since = at(2026, 9, 10)
    return {
        "vip": [tiered(owned_customer(owner=rep, since=since), "vip") for _ in range(3)],
        "c": [tiered(owned_customer(owner=rep, since=since), "c") for _ in range(2)],
        "c_recent": [tiered(owned_customer(owner=rep, since=at(2026, 10, 10)), "c")],
    }


@pytest.mark.rule("POOL-15")
def test_the_preview_counts_what_the_nightly_run_then_does(east, customers):
    pool, _rep = east
    proposed = [Proposed(pool.pk, FIRST, "vip", 6), Proposed(pool.pk, FIRST, "c", 1)]
    preview = pool_rules_preview(day=TOMORROW, proposed=proposed)
    assert preview.expire_before == 5  # everyone gained in September, by the 2 months
    assert preview.expire_after == 3  # the VIPs stay; the recent C goes too
    changes = {(row.ownership.customer_id, row.change) for row in preview.rows}
    assert changes == {
        *((c.pk, "stays") for c in customers["vip"]),
        *((c.pk, "expires") for c in customers["c_recent"]),
    }
    # Saved, the night does exactly that.
    from pools.services import pool_rules_save

    pool_rules_save(
        pool=pool,
        values={(p.key, p.tier): p.value for p in proposed},
        effective_from=TOMORROW,
        by=None,
        now=NOW,
    )
    moved = pool_expiry_run(now=dt.datetime(2026, 11, 24, 0, 30, tzinfo=SH))
    assert sum(moved.values()) == preview.expire_after
    assert not Ownership.objects.filter(customer__in=customers["vip"], owner=None).exists()


@pytest.mark.rule("POOL-15")
def test_the_preview_shows_at_most_twenty_examples(east):
    pool, rep = east
    for _ in range(PREVIEW_SAMPLE + 5):
        owned_customer(owner=rep, since=at(2026, 10, 10))
    preview = pool_rules_preview(day=TOMORROW, proposed=[Proposed(pool.pk, FIRST, "", 1)])
    assert preview.expire_after == PREVIEW_SAMPLE + 5
    assert len(preview.rows) == PREVIEW_SAMPLE


@pytest.mark.rule("POOL-15", "POOL-10")
def test_the_admin_previews_then_saves_a_version_on_the_settings_page(
    east, customers, admin, client_for, english_messages
):
    pool, _rep = east
    client = client_for(admin)
    url = reverse("pools:settings_edit", args=[pool.pk])
    form = {
        "rules-first_contact_months__vip": "6",
        "rules-first_contact_months__c": "1",
        "rules-effective_from": "2026-11-24",
    }
    with time_machine.travel(NOW, tick=False):
        preview = client.post(url, {**form, "action": "preview"})
        assert preview.status_code == 200
        assert preview.context["preview"].expire_after == 3
        assert "Would return to the pool" in preview.content.decode()
        assert not PoolRule.objects.exists()  # nothing saved by a preview
        saved = client.post(url, {**form, "action": "save"})
    assert saved.status_code == 302
    versions = {(v.key, v.tier): v for v in PoolRule.objects.filter(pool=pool)}
    assert set(versions) == {(FIRST, "vip"), (FIRST, "c")}
    vip = versions[(FIRST, "vip")]
    assert (vip.previous, vip.value, vip.changed_by, vip.effective_from) == (
        None,
        6,
        admin,
        TOMORROW,
    )
    with time_machine.travel(NOW, tick=False):
        page = client.get(url).content.decode()
    assert "Saved changes" in page
    assert "赵管" in page


@pytest.mark.rule("POOL-15")
def test_bad_values_are_refused_next_to_the_field_and_nothing_is_saved(east, admin, client_for):
    pool, _rep = east
    url = reverse("pools:settings_edit", args=[pool.pk])
    with time_machine.travel(NOW, tick=False):
        for bad in ("0", "999", "abc", "99999999999999999999"):
            response = client_for(admin).post(
                url,
                {
                    "action": "save",
                    "rules-first_contact_months__vip": bad,
                    "rules-effective_from": "2026-11-24",
                },
            )
            assert response.status_code == 200
            assert response.context["rules_form"].errors
        past = client_for(admin).post(url, {"action": "save", "rules-effective_from": "2026-01-01"})
        assert past.status_code == 200
    assert not PoolRule.objects.exists()


@pytest.mark.rule("POOL-9", "POOL-15")
def test_an_admin_makes_a_pool_and_reps_may_not_open_the_settings(
    admin, rep, client_for, django_assert_max_num_queries
):
    client = client_for(admin)
    response = client.post(reverse("pools:settings_new"), {"name": "大客户池"})
    assert response.status_code == 302
    assert Pool.objects.filter(name="大客户池").exists()
    with django_assert_max_num_queries(8):
        assert client.get(reverse("pools:settings")).status_code == 200
    assert client_for(rep).get(reverse("pools:settings")).status_code == 403
