"""The main navigation: the shell's own entries and every app's, grouped by area (WORK-5).

Each entry names its `group` (one of GROUPS: the areas the teams know); the menu shows the
groups in their order and, inside each, the entries by their `order`. On a phone, the
`BOTTOM` entries that apps declare (a rep's daily pages) sit in a bar one tap away.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from operator import attrgetter

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from crm.plugins import from_apps


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: str


# The areas of the menu, in the order shown.
GROUPS: tuple[NavGroup, ...] = (
    NavGroup("work", _("My work")),
    NavGroup("customers", _("Customers")),
    NavGroup("archive", _("Archive")),
    NavGroup("sales", _("Sales")),
    NavGroup("service", _("After-sales service")),
    NavGroup("pay", _("Points and pay")),
    NavGroup("manage", _("Management")),
)
GROUP_ORDER = {group.key: number for number, group in enumerate(GROUPS)}


@dataclass(frozen=True)
class NavItem:
    """A menu entry in its `group` (GROUPS). `order` places it inside the group: the shell's
    dashboard is 0 and its team and administration entries come last (900); an app's
    entries without an order (500) keep the INSTALLED_APPS order among themselves."""

    key: str
    label: str
    url_name: str
    may_use: Callable[[object], bool]
    order: int = 500
    group: str = "work"


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


def _staff(user) -> bool:
    """Django admin lets in only admins with `is_staff` (crm/admin_site.py)."""
    from crm.selectors import is_admin  # deferred: selectors read the models

    return user.is_staff and is_admin(user=user)


# The shell's own entries; every app adds its own in its `navigation.NAV` (crm/plugins.py).
NAV: tuple[NavItem, ...] = (
    NavItem("dashboard", _("Dashboard"), "dashboard", _everyone, order=0),
    NavItem("team", _("Team"), "team_list", perm("crm.view_team_members"), 900, "manage"),
    NavItem("admin", _("Administration"), "admin:index", _staff, 910, "manage"),
)


def _place(item: NavItem) -> tuple[int, int]:
    if item.group not in GROUP_ORDER:
        raise LookupError(f"menu entry {item.key} names no known group: {item.group}")
    return GROUP_ORDER[item.group], item.order


@cache
def all_nav() -> tuple[NavItem, ...]:
    """The shell's entries and every app's, by group and `order` (equal orders keep theirs)."""
    return tuple(sorted((*NAV, *from_apps("navigation", "NAV")), key=_place))


@cache
def all_bottom() -> tuple[NavItem, ...]:
    """Every app's `BOTTOM` entries (the phone's bottom bar), by `order`."""
    return tuple(sorted(from_apps("navigation", "BOTTOM"), key=attrgetter("order")))


def _entries(*, user, path: str, items) -> list[dict]:
    """The entries `user` may use; the one whose address starts `path` is marked current."""
    items = [
        {"key": item.key, "label": item.label, "url": reverse(item.url_name), "group": item.group}
        for item in items
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


def nav_for(*, user, path: str = "") -> list[dict]:
    """The menu entries `user` may use, group by group; the current one is marked."""
    if not user.is_authenticated:
        return []
    return _entries(user=user, path=path, items=all_nav())


def nav_groups(items: list[dict]) -> list[dict]:
    """`nav_for`'s entries in their groups: [{"key", "label", "items", "active"}]."""
    groups = []
    for group in GROUPS:
        inside = [item for item in items if item["group"] == group.key]
        if inside:
            active = any(item["active"] for item in inside)
            groups.append(
                {"key": group.key, "label": group.label, "items": inside, "active": active}
            )
    return groups


# Fewer daily pages than this and a person's phone gets no bottom bar (WORK-5).
BOTTOM_BAR_MIN = 3


def bottom_bar_for(*, user, path: str = "") -> list[dict]:
    """The phone's bottom bar: the daily pages `user` may use, when they are a seller's
    (at least BOTTOM_BAR_MIN of them); otherwise none."""
    if not user.is_authenticated:
        return []
    items = _entries(user=user, path=path, items=all_bottom())
    return items if len(items) >= BOTTOM_BAR_MIN else []
