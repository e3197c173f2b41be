"""WORK-2 on the pool: sortable by name or time in the pool (keyset paging on each), a
capped total, the filters folded on a phone, saved views."""
# ruff: noqa: F811  (fixtures imported from factories_pool)

import datetime as dt

import pytest
from django.urls import reverse

from pools.views.pool import PAGE_SIZE
from tests.pools.factories_pool import pool_customer, rep2  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.rule("WORK-2")]
POOL = reverse("pools:pool_list")


def test_the_pool_sorts_by_name_through_every_page(client_for, rep, frozen_now):
    names = [f"池{i:03d}" for i in range(PAGE_SIZE + 3)]
    for i, name in enumerate(reversed(names)):
        pool_customer(name=name, since=frozen_now - dt.timedelta(days=i % 4))
    client = client_for(rep)
    first = client.get(POOL, {"sort": "name"})
    second = client.get(f"{POOL}?{first.context['next_query']}")
    seen = [c.name for c in first.context["page"].rows + second.context["page"].rows]
    assert seen == names
    assert 'aria-sort="ascending"' in first.content.decode()


def test_the_pool_longest_waiting_first(client_for, rep, frozen_now):
    pool_customer(name="新近", since=frozen_now - dt.timedelta(days=1))
    pool_customer(name="久等", since=frozen_now - dt.timedelta(days=40))
    rows = client_for(rep).get(POOL, {"sort": "since"}).context["page"].rows
    assert [c.name for c in rows] == ["久等", "新近"]


def test_the_pool_shows_its_total_and_folds_its_filters(client_for, rep, frozen_now, set_param):
    for _ in range(3):
        pool_customer(since=frozen_now)
    client = client_for(rep)
    content = client.get(POOL).content.decode()
    assert 'data-total="3"' in content
    assert "data-fold-on-phone>" in content
    set_param("lists.total_cap", 2)
    assert 'data-total="2+"' in client.get(POOL).content.decode()
    assert "data-fold-on-phone open" in client.get(POOL, {"source": "media"}).content.decode()


def test_the_pool_offers_saved_views(client_for, rep, frozen_now):
    client = client_for(rep)
    client.post(
        reverse("saved_view_save"), {"name": "老客户", "path": POOL, "query": "history=worked"}
    )
    content = client.get(POOL).content.decode()
    assert "老客户" in content
    assert "?history=worked" in content
