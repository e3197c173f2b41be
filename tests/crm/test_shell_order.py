"""What every role sees, in the order it sees it: the whole menu and the whole dashboard.

The shell's own tests (test_navigation, test_dashboard) check its entries; these pin the
order the plug-in modules of every app produce together, so moving an entry from the shell
into its app (issue 11) cannot reorder what a user sees.
"""

import pytest
from django.urls import reverse

from crm import roles

pytestmark = pytest.mark.django_db

MENU = {
    roles.REP: [
        "dashboard",
        "customers",
        "pool",
        "surveys",
        "cards",
        "my_day",
        "planning",
        "service",
        "prospects",
        "points",
        "commission",
    ],
    roles.TELESALES: ["dashboard", "service", "telesales", "prospects", "points"],
    roles.SUPERVISOR: [
        "dashboard",
        "customers",
        "pool",
        "surveys",
        "events",
        "cards",
        "my_day",
        "visit_board",
        "planning",
        "planning_review",
        "service",
        "telesales",
        "prospects",
        "points",
        "commission",
        "analysis",
        "team",
    ],
    roles.SALES_MANAGER: [
        "dashboard",
        "customers",
        "assignment",
        "events",
        "cards_submitted",
        "imports",
        "deals",
        "credit",
        "handover",
        "my_day",
        "visit_board",
        "planning",
        "planning_review",
        "service",
        "telesales",
        "prospects",
        "points",
        "commission",
        "analysis",
        "team",
    ],
    roles.SERVICE_DOCTOR: [
        "dashboard",
        "customers",
        "custody",
        "overdue",
        "my_day",
        "visit_board",
        "service",
        "points",
    ],
    roles.SERVICE_MANAGER: ["dashboard", "sealed", "service", "points"],
    roles.FINANCE: [
        "dashboard",
        "deals",
        "payments",
        "service",
        "points",
        "commission_statements",
    ],
    roles.GENERAL_MANAGER: [
        "dashboard",
        "customers",
        "approvals",
        "read_log",
        "deals",
        "handover",
        "visit_board",
        "planning",
        "service",
        "telesales",
        "prospects",
        "points",
        "commission_statements",
        "analysis",
        "team",
    ],
    roles.ADMIN: [
        "dashboard",
        "customers",
        "imports",
        "deals",
        "handover",
        "planning",
        "service",
        "telesales",
        "prospects",
        "points",
        "analysis",
        "team",
        "admin",
    ],
}

# Someone holding every role: every entry (the finance commission list, not "my commission").
EVERY_ENTRY = [
    "dashboard",
    "customers",
    "pool",
    "surveys",
    "assignment",
    "events",
    "cards",
    "cards_submitted",
    "custody",
    "overdue",
    "sealed",
    "approvals",
    "read_log",
    "imports",
    "deals",
    "payments",
    "credit",
    "handover",
    "my_day",
    "visit_board",
    "planning",
    "planning_review",
    "service",
    "telesales",
    "prospects",
    "points",
    "commission_statements",
    "analysis",
    "team",
    "admin",
]
EVERY_PANEL = [
    "my_day",
    "my_customers",
    "cards_to_fill",
    "calls",
    "team",
    "assignment_queue",
    "expiring",
    "release_notes",
    "staff_handover",
    "cards_to_hand_over",
    "cards",
    "overdue_cards",
    "sealed",
    "payments",
    "approvals",
    "worker",
    "visit_board",
    "week_plan",
    "plans_to_approve",
    "reports_to_review",
    "overdue_cases",
    "my_cases",
    "complaint_steps",
    "my_points",
    "commission_to_pay",
]

PANELS = {
    roles.REP: [
        "my_day",
        "my_customers",
        "cards_to_fill",
        "release_notes",
        "week_plan",
        "my_cases",
        "my_points",
    ],
    roles.TELESALES: ["calls", "my_cases", "my_points"],
    roles.SUPERVISOR: ["team", "visit_board", "reports_to_review", "my_cases", "my_points"],
    roles.SALES_MANAGER: [
        "team",
        "assignment_queue",
        "expiring",
        "release_notes",
        "staff_handover",
        "cards_to_hand_over",
        "overdue_cards",
        "visit_board",
        "plans_to_approve",
        "reports_to_review",
        "overdue_cases",
        "my_points",
    ],
    roles.SERVICE_DOCTOR: ["cards", "overdue_cards", "visit_board", "my_cases", "my_points"],
    roles.SERVICE_MANAGER: ["sealed", "overdue_cases", "complaint_steps", "my_points"],
    roles.FINANCE: ["payments", "complaint_steps", "my_points", "commission_to_pay"],
    roles.GENERAL_MANAGER: ["team", "expiring", "approvals", "overdue_cases", "my_points"],
    roles.ADMIN: ["worker"],
}


@pytest.fixture
def dashboard_of(client_for, make_user):
    def get(*codes, **kwargs):
        return client_for(make_user(*codes, **kwargs)).get(reverse("dashboard"))

    return get


@pytest.mark.parametrize("role", list(MENU))
def test_each_role_sees_the_whole_menu_in_its_order(dashboard_of, role):
    response = dashboard_of(role, is_staff=role == roles.ADMIN)
    assert [item["key"] for item in response.context["nav_items"]] == MENU[role]


@pytest.mark.parametrize("role", list(PANELS))
def test_each_role_sees_the_whole_dashboard_in_its_order(dashboard_of, role):
    response = dashboard_of(role, is_staff=role == roles.ADMIN)
    assert [item["panel"].key for item in response.context["panels"]] == PANELS[role]


def test_someone_with_every_role_sees_every_entry_once_in_the_shared_order(dashboard_of):
    response = dashboard_of(*roles.ROLE_ORDER, is_staff=True)
    assert [item["key"] for item in response.context["nav_items"]] == EVERY_ENTRY
    assert [item["panel"].key for item in response.context["panels"]] == EVERY_PANEL
