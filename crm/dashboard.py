"""The dashboard: panels per role. A user with several roles sees the panels of each.

A panel names the roles it is for and, when it has figures, a function that returns
them. The shell has two panels of its own (the team, the task worker); every app adds its
own in its `dashboard.PANELS` (crm/plugins.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from operator import attrgetter

from django.utils.translation import gettext_lazy as _

from crm import roles
from crm.plugins import from_apps
from crm.selectors import team_members_for, user_roles, worker_heartbeat


@dataclass(frozen=True)
class Panel:
    """A dashboard panel. `order` places it among everyone's panels (the shell's team panel
    is 50, its worker panel 160); panels without an order (500) come after those, in the
    INSTALLED_APPS order."""

    key: str
    title: str
    for_roles: tuple[str, ...]
    empty: str
    figures: Callable[..., dict] | None = field(default=None)
    template: str = "crm/panels/default.html"
    order: int = 500


def count_figures(
    count: Callable[..., int], *, link: str, link_label: str, alarm: bool = False
) -> Callable[..., dict]:
    """The figures of a panel showing one number and a link: `count(user=…, now=…)`, the
    link's URL name and words, and `alarm` when a number above zero needs acting on."""

    def figures(*, user, now: dt.datetime) -> dict:
        shown = {"count": count(user=user, now=now), "link": link, "link_label": link_label}
        return {**shown, "alarm": True} if alarm else shown

    return figures


def _worker_figures(*, user, now: dt.datetime) -> dict:
    return worker_heartbeat(now=now)


PANELS: tuple[Panel, ...] = (
    Panel(
        "team",
        _("My team"),
        (roles.SUPERVISOR, roles.SALES_MANAGER, roles.GENERAL_MANAGER),
        _("You lead no team yet."),
        figures=count_figures(
            lambda *, user, now: team_members_for(user=user).count(),
            link="team_list",
            link_label=_("Open the team"),
        ),
        order=50,
    ),
    Panel(
        "worker",
        _("Task worker"),
        (roles.ADMIN,),
        _("The task worker has not run yet: start it on the server."),
        figures=_worker_figures,
        template="crm/panels/worker.html",
        order=160,
    ),
)


@cache
def all_panels() -> tuple[Panel, ...]:
    """PANELS and the `dashboard.PANELS` of every app, by `order` (stable)."""
    return tuple(sorted((*PANELS, *from_apps("dashboard", "PANELS")), key=attrgetter("order")))


def panels_for(*, user, now: dt.datetime) -> list[dict]:
    held = set(user_roles(user=user))
    shown = []
    for panel in all_panels():
        if held.intersection(panel.for_roles):
            figures = panel.figures(user=user, now=now) if panel.figures else {}
            shown.append({"panel": panel, **figures})
    return shown
