"""Dashboard panels of the pool: customers about to return to it, release notes to write
(POOL-6) and leavers to hand over (HAND-1), placed among the customers app's panels by
their `order` (crm/dashboard.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from crm import roles
from crm.dashboard import Panel, count_figures
from pools.fairplay import rulings_open_count
from pools.handover import handover_people
from pools.selectors import pool_expiring_count, release_notes_pending_count

PANELS = (
    Panel(
        "expiring",
        _("Returning to the pool this week"),
        (roles.SALES_MANAGER, roles.GENERAL_MANAGER),
        _("No customer returns to the pool this week."),
        figures=count_figures(
            lambda *, user, now: pool_expiring_count(now=now),
            link="pools:expiring",
            link_label=_("See who owns them"),
            alarm=True,
        ),
        order=70,
    ),
    Panel(
        "release_notes",
        _("Release notes to write"),
        (roles.REP, roles.SALES_MANAGER),
        _("No release notes are waiting."),
        figures=count_figures(
            lambda *, user, now: release_notes_pending_count(user=user),
            link="pools:release_notes",
            link_label=_("Write the notes"),
            alarm=True,
        ),
        order=80,
    ),
    Panel(
        "staff_handover",
        _("Leavers to hand over"),
        (roles.SALES_MANAGER,),
        _("Nobody is leaving with customers or cards."),
        figures=count_figures(
            lambda *, user, now: handover_people(by=user).count(),
            link="pools:handover_list",
            link_label=_("Hand over"),
            alarm=True,
        ),
        order=90,
    ),
    # poolB: changes of owner waiting for the sales manager's ruling (POOL-17).
    Panel(
        "rulings",
        _("Ownership rulings to make"),
        (roles.SALES_MANAGER,),
        _("No change of owner is waiting for a ruling."),
        figures=count_figures(
            lambda *, user, now: rulings_open_count(user=user),
            link="pools:rulings",
            link_label=_("Rule on them"),
            alarm=True,
        ),
        order=95,
    ),
)
