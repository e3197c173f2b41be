"""The main navigation: the shell's own entries, and every app's entries in their order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from operator import attrgetter

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from crm.plugins import from_apps


@dataclass(frozen=True)
class NavItem:
    """A menu entry. `order` places it: the shell's dashboard is 0 and its team and
    administration entries come last (900); an app's entries without an order (500) keep
    the INSTALLED_APPS order among themselves."""

    key: str
    label: str
    url_name: str
    may_use: Callable[[object], bool]
    order: int = 500


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
    NavItem("team", _("Team"), "team_list", perm("crm.view_team_members"), order=900),
    NavItem("admin", _("Administration"), "admin:index", _staff, order=910),
)


@cache
def all_nav() -> tuple[NavItem, ...]:
    """The shell's entries and every app's, by `order` (stable: equal orders keep theirs)."""
    return tuple(sorted((*NAV, *from_apps("navigation", "NAV")), key=attrgetter("order")))


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
