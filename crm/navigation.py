"""The main navigation, declared in one place: each entry says who may use it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    may_use: Callable[[object], bool]


def _everyone(user) -> bool:
    return True


def perm(codename: str) -> Callable[[object], bool]:
    def check(user) -> bool:
        return user.has_perm(codename)

    return check


def any_perm(*codenames: str) -> Callable[[object], bool]:
    def check(user) -> bool:
        return any(user.has_perm(codename) for codename in codenames)

    return check


def _handover(user) -> bool:
    from pools.handover import handover_can_view

    return handover_can_view(user=user)


def _staff(user) -> bool:
    return user.is_staff


NAV: tuple[NavItem, ...] = (
    NavItem("dashboard", _("Dashboard"), "dashboard", _everyone),
    NavItem(
        "customers",
        _("Customers"),
        "customers:customer_list",
        any_perm("customers.add_survey", "customers.view_all_customers", "customers.keep_cards"),
    ),
    NavItem("pool", _("Customer pool"), "pools:pool_list", perm("customers.add_survey")),
    NavItem("surveys", _("Surveys"), "customers:survey_list", perm("customers.add_survey")),
    NavItem(
        "assignment",
        _("Assign surveys"),
        "customers:assignment_queue",
        perm("customers.assign_survey"),
    ),
    NavItem("events", _("Events"), "customers:event_list", perm("customers.view_event")),
    NavItem("cards", _("My cards"), "customers:card_list", perm("customers.add_archivecard")),
    NavItem(
        "cards_submitted",
        _("Cards to hand over"),
        "customers:cards_submitted",
        perm("customers.hand_over_cards"),
    ),
    NavItem(
        "custody", _("Cards in custody"), "customers:cards_custody", perm("customers.keep_cards")
    ),
    # Sales managers reach the overdue list from their dashboard panel.
    NavItem("overdue", _("Overdue cards"), "customers:cards_overdue", perm("customers.keep_cards")),
    NavItem(
        "sealed",
        _("Sealed archive"),
        "customers:sealed_list",
        perm("customers.keep_sealed_surveys"),
    ),
    NavItem(
        "approvals", _("Approvals"), "customers:access_pending", perm("customers.approve_access")
    ),
    NavItem("read_log", _("Read log"), "customers:read_log", perm("customers.view_read_log")),
    NavItem("imports", _("Import"), "customers:import_list", perm("customers.import_customers")),
    NavItem(
        "payments", _("Payments to confirm"), "deals:payment_queue", perm("deals.confirm_payment")
    ),
    NavItem("credit", _("Credit reviews"), "deals:credit_reviews", perm("deals.override_credit")),
    NavItem("handover", _("Handover"), "pools:handover_list", _handover),
)
# After the entries of the feature apps (their `navigation.NAV`, see crm/plugins.py).
NAV_END: tuple[NavItem, ...] = (
    NavItem("team", _("Team"), "team_list", perm("crm.view_team_members")),
    NavItem("admin", _("Administration"), "admin:index", _staff),
)


@cache
def all_nav() -> tuple[NavItem, ...]:
    from crm.plugins import from_apps

    return (*NAV, *from_apps("navigation", "NAV"), *NAV_END)


def nav_for(*, user, path: str = "") -> list[dict]:
    """The entries `user` may use; the one whose address starts `path` is marked current."""
    if not user.is_authenticated:
        return []
    items = [
        {"key": item.key, "label": item.label, "url": reverse(item.url_name)}
        for item in all_nav()
        if item.may_use(user)
    ]
    # The longest matching address wins ("/cards/custody/" over "/cards/"); "/" only exactly.
    best = max(
        (i for i in items if path == i["url"] or (i["url"] != "/" and path.startswith(i["url"]))),
        key=lambda i: len(i["url"]),
        default=None,
    )
    for item in items:
        item["active"] = item is best
    return items
