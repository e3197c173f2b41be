"""Dashboard panels of after-sales service; each costs one query."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm import roles
from crm.dashboard import Panel
from service.selectors.cases import cases_overdue_count, cases_waiting_count
from service.selectors.complaints import complaints_waiting_count


def _overdue_figures(*, user, now: dt.datetime) -> dict:
    return {
        "count": cases_overdue_count(today=timezone.localdate(now)),
        "link": "service:overdue",
        "link_label": _("See who holds them"),
        "alarm": True,
    }


def _waiting_figures(*, user, now: dt.datetime) -> dict:
    return {
        "count": cases_waiting_count(user=user),
        "link": "service:case_mine",
        "link_label": _("Answer or route them"),
    }


def _complaint_steps_figures(*, user, now: dt.datetime) -> dict:
    return {
        "count": complaints_waiting_count(user=user),
        "link": "service:complaint_list",
        "link_label": _("Open the complaints"),
    }


PANELS = (
    # SVC-1: open cases past the date the customer was told show to the managers.
    Panel(
        "overdue_cases",
        _("Overdue service cases"),
        (roles.SERVICE_MANAGER, roles.SALES_MANAGER, roles.GENERAL_MANAGER),
        _("Every open case is within the date the customer was told."),
        figures=_overdue_figures,
    ),
    # SVC-1: the first receiver owns the case until they answer or route it.
    Panel(
        "my_cases",
        _("Cases waiting for you"),
        (roles.REP, roles.TELESALES, roles.SUPERVISOR, roles.SERVICE_DOCTOR),
        _("No case waits for your answer."),
        figures=_waiting_figures,
    ),
    # SVC-3: complaint steps for the roles that record them.
    Panel(
        "complaint_steps",
        _("Complaint steps to record"),
        (roles.SERVICE_MANAGER, roles.FINANCE),
        _("No complaint waits for you."),
        figures=_complaint_steps_figures,
    ),
)
