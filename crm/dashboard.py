"""The dashboard: panels per role. A user with several roles sees the panels of each.

A panel names the roles it is for and, when it has figures, a function that returns
them. Panels whose feature is not built yet show their empty state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from crm import roles
from crm.selectors import team_members_for, user_roles, worker_heartbeat


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    for_roles: tuple[str, ...]
    empty: str
    figures: Callable[..., dict] | None = field(default=None)
    template: str = "crm/panels/default.html"


def _team_figures(*, user, now: dt.datetime) -> dict:
    members = team_members_for(user=user)
    return {"count": members.count(), "link": "team_list", "link_label": _("Open the team")}


def _worker_figures(*, user, now: dt.datetime) -> dict:
    return worker_heartbeat(now=now)


PANELS: tuple[Panel, ...] = (
    Panel(
        "my_day",
        _("My day"),
        (roles.REP,),
        _("No follow-up visits are due today."),
    ),
    Panel(
        "my_customers",
        _("My customers"),
        (roles.REP,),
        _("You own no customers yet. Collect a survey or claim one from the pool."),
    ),
    Panel(
        "pool",
        _("Customer pool"),
        (roles.REP, roles.SUPERVISOR),
        _("The pool is empty."),
    ),
    Panel(
        "calls",
        _("Today's calls"),
        (roles.TELESALES,),
        _("No calls logged today."),
    ),
    Panel(
        "team",
        _("My team"),
        (roles.SUPERVISOR, roles.SALES_MANAGER, roles.GENERAL_MANAGER),
        _("You lead no team yet."),
        figures=_team_figures,
    ),
    Panel(
        "assignment_queue",
        _("Surveys to assign"),
        (roles.SALES_MANAGER,),
        _("No submitted surveys are waiting."),
    ),
    Panel(
        "cards",
        _("Archive cards in custody"),
        (roles.SERVICE_DOCTOR,),
        _("No cards are in your custody."),
    ),
    Panel(
        "sealed",
        _("Sealed archive"),
        (roles.SERVICE_MANAGER,),
        _("No sealed surveys yet."),
    ),
    Panel(
        "payments",
        _("Payments to confirm"),
        (roles.FINANCE,),
        _("No payments are waiting for confirmation."),
    ),
    Panel(
        "approvals",
        _("Access requests"),
        (roles.GENERAL_MANAGER,),
        _("No access requests are waiting for your approval."),
    ),
    Panel(
        "worker",
        _("Task worker"),
        (roles.ADMIN,),
        _("The task worker has not run yet. Start it with `make run`."),
        figures=_worker_figures,
        template="crm/panels/worker.html",
    ),
)


def panels_for(*, user, now: dt.datetime) -> list[dict]:
    held = set(user_roles(user=user))
    shown = []
    for panel in PANELS:
        if held.intersection(panel.for_roles):
            figures = panel.figures(user=user, now=now) if panel.figures else {}
            shown.append({"panel": panel, **figures})
    return shown
