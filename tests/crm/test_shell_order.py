"""What every role sees, in the order it sees it: the whole menu and the whole dashboard.

The shell's own tests (test_navigation, test_dashboard) check its entries; these pin the
order the plug-in modules of every app produce together, so moving an entry from the shell
into its app (issue 11) cannot reorder what a user sees.
"""

import pytest
from django.urls import reverse

from crm import roles

pytestmark = pytest.mark.django_db

# The menu in its groups (WORK-5): my work, customers, archive, sales, after-sales service,
# points and pay, management; inside a group, the entries' own order.
MENU = {
    roles.REP: [
        *("dashboard", "my_day", "planning"),
        *("customers", "pool", "surveys"),
        "cards",
        "prospects",
        "service",
        *("points", "commission"),
    ],
    roles.TELESALES: ["dashboard", "telesales", "prospects", "service", "points"],
    roles.SUPERVISOR: [
        *("dashboard", "my_day", "visit_board", "planning", "planning_review"),
        *("customers", "pool", "surveys"),
        *("events", "cards"),
        *("telesales", "prospects"),
        "service",
        *("points", "commission"),
        *("analysis", "team"),
    ],
    roles.SALES_MANAGER: [
        *("dashboard", "my_day", "visit_board", "planning", "planning_review"),
        *("customers", "pool", "assignment", "imports", "handover"),
        *("events", "cards_submitted"),
        *("deals", "credit", "telesales", "prospects"),
        "service",
        *("points", "commission"),
        *("analysis", "team"),
    ],
    roles.SERVICE_DOCTOR: [
        *("dashboard", "my_day", "visit_board"),
        "customers",
        *("custody", "overdue"),
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
        *("dashboard", "visit_board", "planning"),
        *("customers", "pool", "handover"),
        *("approvals", "read_log"),
        *("deals", "telesales", "prospects"),
        "service",
        *("points", "commission_statements"),
        *("analysis", "team"),
    ],
    roles.ADMIN: [
        *("dashboard", "planning"),
        *("customers", "pool", "imports", "handover"),
        *("deals", "telesales", "prospects"),
        "service",
        "points",
        *("analysis", "team", "pool_settings", "admin", "login_log"),
    ],
}

# Someone holding every role: every entry (the finance commission list, not "my commission").
EVERY_ENTRY = [
    *("dashboard", "my_day", "visit_board", "planning", "planning_review"),
    *("customers", "pool", "surveys", "assignment", "imports", "handover"),
    *("events", "cards", "cards_submitted", "custody", "overdue", "sealed", "approvals"),
    "read_log",
    *("deals", "payments", "credit", "telesales", "prospects"),
    "service",
    *("points", "commission_statements"),
    *("analysis", "team", "pool_settings", "admin", "login_log"),
]
EVERY_PANEL = [
    "briefing",
    "my_day",
    "my_customers",
    "cards_to_fill",
    "calls",
    "team",
    "assignment_queue",
    "expiring",
    "release_notes",
    "staff_handover",
    "rulings",
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
        "briefing",
        "team",
        "assignment_queue",
        "expiring",
        "release_notes",
        "staff_handover",
        "rulings",
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
    roles.GENERAL_MANAGER: [
        "briefing",
        "team",
        "expiring",
        "approvals",
        "overdue_cases",
        "my_points",
    ],
    roles.ADMIN: ["worker"],
}


@pytest.fixture
def dashboard_of(client_for, make_user):
    def get(*codes, **kwargs):
        return client_for(make_user(*codes, **kwargs)).get(reverse("dashboard"))

    return get


@pytest.mark.rule("WORK-5")
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
