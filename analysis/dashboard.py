"""The sales briefing (WORK-3) heads the sales manager's and the general manager's dashboard."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from analysis.selectors.briefing import briefing_view_data
from crm import roles
from crm.dashboard import Panel


def _briefing(*, user, now: dt.datetime) -> dict:
    return briefing_view_data(user=user, now=now, scope="") or {}


PANELS = (
    Panel(
        "briefing",
        _("Sales briefing"),
        (roles.SALES_MANAGER, roles.GENERAL_MANAGER),
        _("No figures yet: you lead no team."),
        figures=_briefing,
        template="analysis/panels/briefing.html",
        order=1,
    ),
)
