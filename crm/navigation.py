"""The main navigation, declared in one place: each entry says who may use it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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


def _perm(codename: str) -> Callable[[object], bool]:
    def check(user) -> bool:
        return user.has_perm(codename)

    return check


def _staff(user) -> bool:
    return user.is_staff


NAV: tuple[NavItem, ...] = (
    NavItem("dashboard", _("Dashboard"), "dashboard", _everyone),
    NavItem("team", _("Team"), "team_list", _perm("crm.view_team_members")),
    NavItem("admin", _("Administration"), "admin:index", _staff),
)


def nav_for(*, user, current: str | None = None) -> list[dict]:
    if not user.is_authenticated:
        return []
    return [
        {
            "key": item.key,
            "label": item.label,
            "url": reverse(item.url_name),
            "active": item.key == current,
        }
        for item in NAV
        if item.may_use(user)
    ]
