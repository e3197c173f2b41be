"""The dashboard: panels per role. A user with several roles sees the panels of each.

A panel names the roles it is for and, when it has figures, a function that returns
them. Panels whose feature is not built yet show their empty state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from django.utils import timezone
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


# The figures below come from the customers app; imported late so the shared base does
# not depend on it at import time.


def _my_customers_figures(*, user, now: dt.datetime) -> dict:
    from customers.selectors.customers import customer_counts_for

    return {
        "count": customer_counts_for(user=user)["owned"],
        "link": "customers:customer_list",
        "link_label": _("Open my customers"),
    }


def _cards_to_fill_figures(*, user, now: dt.datetime) -> dict:
    from customers.selectors.cards import cards_to_fill_count

    return {
        "count": cards_to_fill_count(user=user),
        "link": "customers:card_list",
        "link_label": _("Fill the cards"),
    }


def _assignment_figures(*, user, now: dt.datetime) -> dict:
    from customers.selectors.surveys import surveys_waiting_count

    return {
        "count": surveys_waiting_count(),
        "link": "customers:assignment_queue",
        "link_label": _("Assign them"),
    }


def _handover_figures(*, user, now: dt.datetime) -> dict:
    from customers.selectors.cards import cards_waiting_count

    return {
        "count": cards_waiting_count(),
        "link": "customers:cards_submitted",
        "link_label": _("Hand them to a doctor"),
    }


def _custody_figures(*, user, now: dt.datetime) -> dict:
    from customers.selectors.cards import cards_in_custody_count

    return {
        "count": cards_in_custody_count(user=user),
        "link": "customers:cards_custody",
        "link_label": _("Open the custody list"),
    }


def _overdue_figures(*, user, now: dt.datetime) -> dict:
    from customers.selectors.cards import overdue_checkouts_for

    return {
        "count": overdue_checkouts_for(user=user, today=timezone.localdate(now)).count(),
        "link": "customers:cards_overdue",
        "link_label": _("See who has them"),
        "alarm": True,
    }


def _sealed_figures(*, user, now: dt.datetime) -> dict:
    from customers.selectors.surveys import sealed_count_for

    return {
        "count": sealed_count_for(user=user),
        "link": "customers:sealed_list",
        "link_label": _("Open the sealed archive"),
    }


def _payments_figures(*, user, now: dt.datetime) -> dict:
    from deals.selectors import pending_payments_count

    return {
        "count": pending_payments_count(),
        "link": "deals:payment_queue",
        "link_label": _("Confirm them"),
    }


def _handover_people_figures(*, user, now: dt.datetime) -> dict:
    from pools.handover import handover_people

    return {
        "count": handover_people().count(),
        "link": "pools:handover_list",
        "link_label": _("Hand over"),
        "alarm": True,
    }


def _expiring_figures(*, user, now: dt.datetime) -> dict:
    from pools.selectors import pool_expiring_count

    return {
        "count": pool_expiring_count(now=now),
        "link": "pools:expiring",
        "link_label": _("See who owns them"),
        "alarm": True,
    }


def _release_notes_figures(*, user, now: dt.datetime) -> dict:
    from pools.selectors import release_notes_pending_count

    return {
        "count": release_notes_pending_count(user=user),
        "link": "pools:release_notes",
        "link_label": _("Write the notes"),
        "alarm": True,
    }


def _approvals_figures(*, user, now: dt.datetime) -> dict:
    from customers.selectors.sealing import access_pending_count

    return {
        "count": access_pending_count(),
        "link": "customers:access_pending",
        "link_label": _("Decide"),
    }


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
        figures=_my_customers_figures,
    ),
    Panel(
        "cards_to_fill",
        _("Archive cards to fill"),
        (roles.REP,),
        _("No archive cards are waiting for you."),
        figures=_cards_to_fill_figures,
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
        figures=_assignment_figures,
    ),
    Panel(
        "expiring",
        _("Returning to the pool this week"),
        (roles.SALES_MANAGER, roles.GENERAL_MANAGER),
        _("No customer returns to the pool this week."),
        figures=_expiring_figures,
    ),
    Panel(
        "release_notes",
        _("Release notes to write"),
        (roles.REP, roles.SALES_MANAGER),
        _("No release notes are waiting."),
        figures=_release_notes_figures,
    ),
    Panel(
        "staff_handover",
        _("Leavers to hand over"),
        (roles.SALES_MANAGER,),
        _("Nobody is leaving with customers or cards."),
        figures=_handover_people_figures,
    ),
    Panel(
        "cards_to_hand_over",
        _("Cards to hand over"),
        (roles.SALES_MANAGER,),
        _("No submitted cards are waiting to go to a doctor."),
        figures=_handover_figures,
    ),
    Panel(
        "cards",
        _("Archive cards in custody"),
        (roles.SERVICE_DOCTOR,),
        _("No cards are in your custody."),
        figures=_custody_figures,
    ),
    Panel(
        "overdue_cards",
        _("Overdue cards"),
        (roles.SERVICE_DOCTOR, roles.SALES_MANAGER),
        _("Every checked-out card is back in time."),
        figures=_overdue_figures,
    ),
    Panel(
        "sealed",
        _("Sealed archive"),
        (roles.SERVICE_MANAGER,),
        _("No sealed surveys yet."),
        figures=_sealed_figures,
    ),
    Panel(
        "payments",
        _("Payments to confirm"),
        (roles.FINANCE,),
        _("No payments are waiting for confirmation."),
        figures=_payments_figures,
    ),
    Panel(
        "approvals",
        _("Access requests"),
        (roles.GENERAL_MANAGER,),
        _("No access requests are waiting for your approval."),
        figures=_approvals_figures,
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


@cache
def all_panels() -> tuple[Panel, ...]:
    """PANELS, then the `dashboard.PANELS` of the feature apps (see crm/plugins.py).

    A feature app's panel with the key of a placeholder here takes the placeholder's place.
    """
    from crm.plugins import from_apps

    extra = {panel.key: panel for panel in from_apps("dashboard", "PANELS")}
    placed = [extra.pop(panel.key, panel) for panel in PANELS]
    return (*placed, *extra.values())


def panels_for(*, user, now: dt.datetime) -> list[dict]:
    held = set(user_roles(user=user))
    shown = []
    for panel in all_panels():
        if held.intersection(panel.for_roles):
            figures = panel.figures(user=user, now=now) if panel.figures else {}
            shown.append({"panel": panel, **figures})
    return shown
