"""The telesales rep's dashboard panel: today's calls and valid calls (TEL-1)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm import roles
from crm.dashboard import Panel
from telesales.selectors.calls import calls_today_counts


def _calls_figures(*, user, now: dt.datetime) -> dict:
    counts = calls_today_counts(user=user, today=timezone.localdate(now))
    return {
        "count": counts["calls"],
        "valid": counts["valid"],
        "link": "telesales:call_desk",
        "link_label": _("Log a call"),
    }


PANELS = (
    Panel(
        "calls",
        _("Today's calls"),
        (roles.TELESALES,),
        _("No calls logged today."),
        figures=_calls_figures,
        template="telesales/panel_calls.html",
        order=40,
    ),
)
