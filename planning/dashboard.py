"""Dashboard panels of plans and reports (collected by crm/dashboard.py)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm import roles
from crm.dashboard import Panel
from planning.selectors import (
    plan_deadline,
    plan_of_week,
    plans_to_approve_count,
    reports_to_review_count,
    week_start_of,
)


def _week_plan_figures(*, user, now: dt.datetime) -> dict:
    """Reps: next week's revisit schedule and its state (one query)."""

    next_week = week_start_of(timezone.localdate(now)) + dt.timedelta(days=7)
    plan = plan_of_week(rep=user, week_start=next_week)
    deadline = plan_deadline(week_start=next_week)
    return {
        "plan": plan,
        "week_start": next_week,
        "deadline": deadline.due,
        "overdue": deadline.is_late(now) and (plan is None or plan.first_submitted_at is None),
    }


def _plans_to_approve_figures(*, user, now: dt.datetime) -> dict:
    return {
        "count": plans_to_approve_count(user=user),
        "link": "planning:review_queue",
        "link_label": _("Approve or return them"),
    }


def _reports_to_review_figures(*, user, now: dt.datetime) -> dict:
    return {
        "count": reports_to_review_count(user=user),
        "link": "planning:review_queue",
        "link_label": _("Read and comment"),
    }


PANELS = (
    Panel(
        "week_plan",
        _("Next week's revisit schedule"),
        (roles.REP,),
        _("Plan next week's visits."),
        figures=_week_plan_figures,
        template="planning/panels/week_plan.html",
    ),
    Panel(
        "plans_to_approve",
        _("Revisit schedules to approve"),
        (roles.SALES_MANAGER,),
        _("No revisit schedule is waiting for you."),
        figures=_plans_to_approve_figures,
    ),
    Panel(
        "reports_to_review",
        _("Reports to review"),
        (roles.SUPERVISOR, roles.SALES_MANAGER),
        _("No report is waiting for your comment."),
        figures=_reports_to_review_figures,
    ),
)
