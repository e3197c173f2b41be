"""A dashboard per role: each role sees its own panels, several roles see all of theirs."""

import pytest
from django.urls import reverse

from crm import roles
from crm.services import heartbeat_record

pytestmark = pytest.mark.django_db


# The panels that stood in the shell before issue 11 moved them into their apps' own
# dashboard.py (my_day and calls were placeholders the visits and telesales apps filled);
# the other apps test the panels they add (crm/plugins.py).
SHELL_AND_CORE_PANELS = {
    *("my_day", "my_customers", "cards_to_fill", "calls", "team", "assignment_queue"),
    *("expiring", "release_notes", "staff_handover", "cards_to_hand_over", "cards"),
    *("overdue_cards", "sealed", "payments", "approvals", "worker"),
}


def panel_keys(response) -> list[str]:
    keys = [item["panel"].key for item in response.context["panels"]]
    return [key for key in keys if key in SHELL_AND_CORE_PANELS]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (roles.REP, ["my_day", "my_customers", "cards_to_fill", "release_notes"]),
        (roles.TELESALES, ["calls"]),
        (roles.SUPERVISOR, ["team"]),
        (
            roles.SALES_MANAGER,
            [
                "team",
                "assignment_queue",
                "expiring",
                "release_notes",
                "staff_handover",
                "cards_to_hand_over",
                "overdue_cards",
            ],
        ),
        (roles.SERVICE_DOCTOR, ["cards", "overdue_cards"]),
        (roles.SERVICE_MANAGER, ["sealed"]),
        (roles.FINANCE, ["payments"]),
        (roles.GENERAL_MANAGER, ["team", "expiring", "approvals"]),
        (roles.ADMIN, ["worker"]),
    ],
)
def test_each_role_sees_its_panels(client_for, make_user, role, expected):
    response = client_for(make_user(role)).get(reverse("dashboard"))
    assert response.status_code == 200
    assert panel_keys(response) == expected


def test_a_person_with_two_roles_sees_both_sets_of_panels(client_for, make_user):
    user = make_user(roles.SERVICE_DOCTOR, roles.FINANCE)
    keys = panel_keys(client_for(user).get(reverse("dashboard")))
    assert keys == ["cards", "overdue_cards", "payments"]


def test_someone_without_a_role_is_told_to_ask_for_one(client_for, make_user):
    response = client_for(make_user()).get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert b"You hold no role yet" in response.content


def test_the_dashboard_greets_the_user_by_their_chinese_name(client_for, rep, frozen_now):
    response = client_for(rep).get(reverse("dashboard"))
    content = response.content.decode()
    assert "早上好，张伟" in content
    assert "2026年11月23日" in content


def test_the_supervisor_panel_counts_the_team(client_for, supervisor, team):
    response = client_for(supervisor).get(reverse("dashboard"))
    team_panel = next(p for p in response.context["panels"] if p["panel"].key == "team")
    assert team_panel["count"] == 2


def test_admins_see_a_running_worker_from_its_last_beat(client_for, admin_user, frozen_now):
    heartbeat_record(now=frozen_now)
    response = client_for(admin_user).get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert b"Running" in response.content


def test_admins_see_a_silent_worker_as_not_running(client_for, admin_user, frozen_now):
    import datetime as dt

    heartbeat_record(now=frozen_now - dt.timedelta(minutes=30))
    response = client_for(admin_user).get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert b"Not running" in response.content


def test_the_dashboard_query_count_is_pinned(
    client_for, supervisor, team, django_assert_max_num_queries
):
    client = client_for(supervisor)
    with django_assert_max_num_queries(16):
        client.get(reverse("dashboard"))


def test_the_busiest_dashboard_query_count_is_pinned(
    client_for, make_user, django_assert_max_num_queries
):
    everyone = make_user(*[role.code for role in roles.ROLES], is_staff=True)
    client = client_for(everyone)
    # On a cold cache (every rule parameter read once). The sales briefing (WORK-3) takes 15
    # of them: small sums over the nightly figures; the second factor's device (SEC-5), the
    # user's pools (POOL-9) and the rulings to make (POOL-17) one each.
    with django_assert_max_num_queries(64):
        response = client.get(reverse("dashboard"))
    assert len(response.context["panels"]) >= 12


def test_a_reps_panels_count_their_customers_and_cards(client_for, rep):
    from tests.customers.factories import ArchiveCardFactory, CustomerFactory

    CustomerFactory.create_batch(2, owner=rep)
    ArchiveCardFactory(attendance__rep=rep)
    response = client_for(rep).get(reverse("dashboard"))
    counts = {p["panel"].key: p.get("count") for p in response.context["panels"]}
    assert counts["my_customers"] == 2  # the card's customer is in the pool, not the rep's
    assert counts["cards_to_fill"] == 1
