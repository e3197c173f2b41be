"""The navigation shows only what a user's roles may use; every page needs a login."""

import pytest
from django.urls import reverse

from crm import roles

pytestmark = pytest.mark.django_db
SUPERVISOR_NAV = ["dashboard", "customers", "pool", "surveys", "events", "cards", "team"]


# The entries that stood in the shell before issue 11 moved them into their apps' own
# navigation.py; the other apps test the entries they add (crm/plugins.py).
SHELL_AND_CORE_KEYS = {
    *("dashboard", "team", "admin"),
    *("customers", "surveys", "assignment", "events", "cards", "cards_submitted", "custody"),
    *("overdue", "sealed", "approvals", "read_log", "imports"),
    *("pool", "handover", "payments", "credit"),
}


def nav_keys(response) -> list[str]:
    keys = [item["key"] for item in response.context["nav_items"]]
    return [key for key in keys if key in SHELL_AND_CORE_KEYS]


def test_every_page_sends_an_anonymous_visitor_to_the_login(client):
    for name in ("dashboard", "team_list", "password_change"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_the_login_page_and_the_language_switch_need_no_login(client):
    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302


def test_a_rep_sees_their_own_work_but_not_the_team(client_for, rep):
    response = client_for(rep).get(reverse("dashboard"))
    assert nav_keys(response) == ["dashboard", "customers", "pool", "surveys", "cards"]
    assert b'data-nav="team"' not in response.content


def test_a_supervisor_also_sees_events_and_the_team(client_for, supervisor):
    response = client_for(supervisor).get(reverse("dashboard"))
    assert nav_keys(response) == SUPERVISOR_NAV


def test_an_admin_sees_the_administration(client_for, admin_user):
    response = client_for(admin_user).get(reverse("dashboard"))
    assert nav_keys(response)[-1] == "admin"
    assert "team" in nav_keys(response)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (roles.REP, ["dashboard", "customers", "pool", "surveys", "cards"]),
        (roles.TELESALES, ["dashboard"]),
        (roles.SUPERVISOR, SUPERVISOR_NAV),
        (
            roles.SALES_MANAGER,
            [
                *("dashboard", "customers", "pool", "assignment", "imports", "handover"),
                *("events", "cards_submitted", "credit", "team"),
            ],
        ),
        (roles.SERVICE_DOCTOR, ["dashboard", "customers", "custody", "overdue"]),
        (roles.SERVICE_MANAGER, ["dashboard", "sealed"]),
        (roles.FINANCE, ["dashboard", "payments"]),
        (
            roles.GENERAL_MANAGER,
            ["dashboard", "customers", "pool", "handover", "approvals", "read_log", "team"],
        ),
    ],
)
def test_navigation_per_role(client_for, make_user, role, expected):
    response = client_for(make_user(role)).get(reverse("dashboard"))
    assert nav_keys(response) == expected


def test_the_current_section_is_marked(client_for, supervisor):
    response = client_for(supervisor).get(reverse("team_list"))
    active = [item["key"] for item in response.context["nav_items"] if item["active"]]
    assert active == ["team"]
    assert b'aria-current="page" data-nav="team"' in response.content


def test_the_longest_matching_section_is_marked(client_for, make_user):
    doctor = make_user(roles.SERVICE_DOCTOR)
    response = client_for(doctor).get(reverse("customers:cards_custody"))
    active = [item["key"] for item in response.context["nav_items"] if item["active"]]
    assert active == ["custody"]


def test_a_rep_opening_the_team_page_by_url_is_refused(client_for, rep):
    assert client_for(rep).get(reverse("team_list")).status_code == 403


def test_logging_out_needs_a_post_and_ends_the_session(client_for, rep):
    client = client_for(rep)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 302
