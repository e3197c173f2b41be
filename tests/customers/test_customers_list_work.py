"""WORK-2 on the customer list: sortable columns that keep keyset paging, a capped total,
saved views (场景) and the filters folded on a phone."""

import pytest
from django.urls import reverse

from crm import roles
from crm.models import SavedView
from customers.views.customers import LIST_PAGE_SIZE
from tests.conftest import CURRENT_TIME
from tests.customers.factories import CustomerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.rule("WORK-2")]
LIST = reverse("customers:customer_list")


def _names(response) -> list[str]:
    return [c.name for c in response.context["page"].rows]


def test_the_list_sorts_by_name_and_pages_through_every_customer_once(client_for, rep):
    names = [f"客户{i:03d}" for i in range(LIST_PAGE_SIZE + 5)]
    for name in reversed(names):
        CustomerFactory(owner=rep, name=name)
    CustomerFactory(owner=rep, name=names[3])  # a tie, broken by id
    client = client_for(rep)
    first = client.get(LIST, {"sort": "name"})
    assert _names(first)[:5] == [names[0], names[1], names[2], names[3], names[3]]
    seen = _names(first)
    nxt = first.context["next_query"]
    assert "sort=name" in nxt
    second = client.get(f"{LIST}?{nxt}")
    seen += _names(second)
    assert seen == sorted([*names, names[3]])
    back = client.get(f"{LIST}?{second.context['previous_query']}")
    assert _names(back) == _names(first)


def test_the_name_column_sorts_the_other_way_when_sorted(client_for, rep):
    for name in ("甲", "乙", "丙"):
        CustomerFactory(owner=rep, name=name)
    client = client_for(rep)
    ascending = client.get(LIST, {"sort": "name"})
    content = ascending.content.decode()
    assert 'aria-sort="ascending"' in content
    assert 'href="?sort=-name"' in content
    descending = client.get(LIST, {"sort": "-name"})
    assert _names(descending) == list(reversed(_names(ascending)))


def test_a_sort_that_is_not_offered_falls_back_to_newest_first(client_for, rep):
    CustomerFactory(owner=rep, name="旧")
    CustomerFactory(owner=rep, name="新", created_at=CURRENT_TIME)
    response = client_for(rep).get(LIST, {"sort": "phone"})
    assert response.status_code == 200
    assert response.context["sorting"].value == "-added"


def test_the_total_is_counted_up_to_its_cap(client_for, rep, set_param):
    for _ in range(4):
        CustomerFactory(owner=rep)
    client = client_for(rep)
    content = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-total="4"' in content
    assert "4 found" in content
    set_param("lists.total_cap", 3)
    content = client.get(LIST, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'data-total="3+"' in content


def test_a_rep_saves_a_view_and_opens_it_again(client_for, rep):
    client = client_for(rep)
    response = client.post(
        reverse("saved_view_save"),
        {"name": "我的重点", "path": LIST, "query": "key=on&sort=name&after=s%E7%94%B2_3"},
    )
    view = SavedView.objects.get()
    assert (view.owner, view.list_key, view.query) == (
        rep,
        "customers:customer_list",
        "key=on&sort=name",
    )
    assert response.url == f"{LIST}?key=on&sort=name"
    content = client.get(LIST, {"key": "on", "sort": "name"}).content.decode()
    assert "我的重点" in content
    assert f'data-view="{view.pk}"' in content


def test_a_rep_may_not_share_a_view_but_a_manager_may(client_for, rep, make_user):
    manager = make_user(roles.SALES_MANAGER, username="manager")
    client_for(rep).post(
        reverse("saved_view_save"),
        {"name": "共享", "path": LIST, "query": "key=on", "shared": "on"},
    )
    assert not SavedView.objects.exists()
    client_for(manager).post(
        reverse("saved_view_save"),
        {"name": "本月重点", "path": LIST, "query": "key=on", "shared": "on"},
    )
    shared = SavedView.objects.get()
    assert shared.shared
    # Every rep sees the shared view on the list; only its manager may remove it.
    assert "本月重点" in client_for(rep).get(LIST).content.decode()
    assert client_for(rep).post(reverse("saved_view_remove", args=[shared.pk])).status_code == 404
    assert SavedView.objects.exists()
    client_for(manager).post(reverse("saved_view_remove", args=[shared.pk]), {"path": LIST})
    assert not SavedView.objects.exists()


def test_another_reps_personal_view_is_not_shown(client_for, rep, make_user):
    other = make_user(roles.REP, username="rep2")
    client_for(other).post(
        reverse("saved_view_save"), {"name": "别人的", "path": LIST, "query": "key=on"}
    )
    theirs = SavedView.objects.get()
    assert f'data-view="{theirs.pk}"' not in client_for(rep).get(LIST).content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"name": "", "path": LIST},
        {"name": "x" * 41, "path": LIST},
        {"name": "坏", "path": "//evil.example/"},
        {"name": "坏", "path": "/no/such/list/"},
        {"name": "坏", "path": LIST, "query": "q=" + "x" * 1200},
    ],
)
def test_a_bad_view_saves_nothing_and_never_fails(client_for, rep, data):
    response = client_for(rep).post(reverse("saved_view_save"), data)
    assert response.status_code == 302
    assert not SavedView.objects.exists()


def test_the_filters_fold_on_a_phone_unless_one_is_set(client_for, rep):
    client = client_for(rep)
    content = client.get(LIST).content.decode()
    assert "data-fold-on-phone>" in content  # closed: the list comes first on a phone
    content = client.get(LIST, {"kind": "person"}).content.decode()
    assert "data-fold-on-phone open" in content


def test_a_text_cursor_that_is_not_one_shows_the_first_page(client_for, rep):
    CustomerFactory(owner=rep)
    client = client_for(rep)
    for cursor in ("s\x00_1", "s" + "x" * 500 + "_1", "s甲_", "_"):
        response = client.get(LIST, {"sort": "name", "after": cursor})
        assert response.status_code == 200
        assert len(response.context["page"].rows) == 1
