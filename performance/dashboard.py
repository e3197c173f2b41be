"""Dashboard panels of performance: my points this month; commission for finance to pay."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from crm import roles
from crm.dashboard import Panel
from crm.parameters import param
from performance.selectors.commission import commission_to_pay_count
from performance.selectors.points import points_this_month


def _my_points_figures(*, user, now: dt.datetime) -> dict:
    points = points_this_month(user=user, now=now)
    return {
        "points": points,
        "low": points < param("performance.penalty_below"),
        "high": points > param("performance.bonus_above"),
        "link": "performance:my_points",
        "link_label": _("Open my points"),
    }


def _to_pay_figures(*, user, now: dt.datetime) -> dict:
    return {
        "count": commission_to_pay_count(),
        "link": "performance:commission_list",
        "link_label": _("Open the statements"),
    }


PANELS = (
    Panel(
        "my_points",
        _("My points this month"),
        tuple(code for code in roles.ROLE_ORDER if code != roles.ADMIN),
        _("No points yet."),
        figures=_my_points_figures,
        template="performance/panel_points.html",
    ),
    Panel(
        "commission_to_pay",
        _("Commission to pay"),
        (roles.FINANCE,),
        _("No closed commission statement is waiting to be paid."),
        figures=_to_pay_figures,
    ),
)
