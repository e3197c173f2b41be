"""Dashboard panels of the visits: "my day" for reps (first on their dashboard) and the
visit board for those who supervise reps' visits (VISIT-7). Two queries each at most."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm import roles
from crm.dashboard import Panel
from crm.parameters import param
from visits.selectors import board_overdue_count, in_person_this_week, my_task_counts


def _my_day_figures(*, user, now: dt.datetime) -> dict:
    today = timezone.localdate(now)
    return {
        **my_task_counts(user=user, today=today),
        "in_person": in_person_this_week(user=user, today=today),
        "target": param("visit.in_person_per_week"),
    }


def _board_figures(*, user, now: dt.datetime) -> dict:
    return board_overdue_count(user=user, today=timezone.localdate(now))


PANELS = (
    Panel(
        "my_day",
        _("My day"),
        (roles.REP,),
        _("No follow-up visits are due today."),
        figures=_my_day_figures,
        template="visits/panels/my_day.html",
        order=10,
    ),
    Panel(
        "visit_board",
        _("Reps' overdue visits"),
        (roles.SERVICE_DOCTOR, roles.SUPERVISOR, roles.SALES_MANAGER),
        _("Every rep's visits are on time."),
        figures=_board_figures,
        template="visits/panels/board.html",
    ),
)
