"""WORK-5: the menu is grouped by area for each role; on a phone a rep's daily pages (my day,
customers, pool, new customer) sit in a bottom bar, one tap away."""

import re

import pytest
from django.urls import reverse

from crm import roles
from crm.navigation import GROUPS, all_nav

pytestmark = [pytest.mark.django_db, pytest.mark.rule("WORK-5")]


def groups_of(response) -> list[tuple[str, list[str]]]:
    return [
        (group["key"], [item["key"] for item in group["items"]])
        for group in response.context["nav_groups"]
    ]


def test_every_entry_names_a_known_group():
    known = {group.key for group in GROUPS}
    assert {item.group for item in all_nav()} <= known


def test_a_sales_manager_sees_their_entries_in_areas_with_the_pool_among_customers(
    client_for, make_user
):
    response = client_for(make_user(roles.SALES_MANAGER)).get(reverse("dashboard"))
    groups = dict(groups_of(response))
    assert list(groups) == ["work", "customers", "archive", "sales", "service", "pay", "manage"]
    assert groups["customers"][:2] == ["customers", "pool"]
    assert len(groups) <= 7 < len(response.context["nav_items"])
    page = response.content.decode()
    assert 'data-group="customers"' in page
    assert '<span class="nav-group-label" tabindex="0">客户</span>' in page
    assert 'data-nav="pool"' in page
    assert (
        client_for(make_user(roles.SALES_MANAGER)).get(reverse("pools:pool_list")).status_code
        == 200
    )


def test_a_group_of_one_entry_is_a_plain_link(client_for, make_user):
    response = client_for(make_user(roles.FINANCE)).get(reverse("dashboard"))
    page = response.content.decode()
    assert re.search(r'nav-group-one" data-group="service"><a href="[^"]+" class="nav-link"', page)


def test_the_current_group_is_marked(client_for, make_user):
    response = client_for(make_user(roles.SALES_MANAGER)).get(reverse("pools:pool_list"))
    active = [group["key"] for group in response.context["nav_groups"] if group["active"]]
    assert active == ["customers"]


def test_a_rep_has_the_bottom_bar_of_their_daily_pages(client_for, rep):
    response = client_for(rep).get(reverse("customers:customer_list"))
    bar = [item["key"] for item in response.context["bottom_bar"]]
    assert bar == ["my_day", "customers", "pool", "customer_new"]
    page = response.content.decode()
    assert '<nav class="bottom-bar"' in page
    assert 'aria-current="page" data-bottom="customers"' in page
    assert "has-bottom-bar" in page


@pytest.mark.parametrize(
    "role", [roles.SERVICE_DOCTOR, roles.FINANCE, roles.SERVICE_MANAGER, roles.GENERAL_MANAGER]
)
def test_people_who_do_not_sell_have_no_bottom_bar(client_for, make_user, role):
    response = client_for(make_user(role)).get(reverse("dashboard"))
    assert response.context["bottom_bar"] == []
    assert b'class="bottom-bar"' not in response.content
