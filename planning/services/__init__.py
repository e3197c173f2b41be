"""Writes of plans and reports: the submit → review workflow of VISIT-9, VISIT-10, REPORT-1.

A rep drafts a paper, submits it (late after its deadline, recorded with the rule and its
parameters), and a reviewer decides: the sales manager approves or returns a revisit
schedule; a supervisor writes guidance on a report. Every step notifies the other side
in the app (crm.services.notify) and is kept as history.
"""

from planning.services.jobs import weekly_reports_create
from planning.services.plans import (
    plan_approve,
    plan_entry_add,
    plan_entry_change,
    plan_entry_remove,
    plan_fill_from_tasks,
    plan_open,
    plan_return,
    plan_submit,
)
from planning.services.reports import (
    daily_report_open,
    daily_report_save,
    report_review,
    weekly_report_open,
    weekly_report_save,
)
from planning.services.targets import TargetInput, target_set

__all__ = [
    "TargetInput",
    "daily_report_open",
    "daily_report_save",
    "plan_approve",
    "plan_entry_add",
    "plan_entry_change",
    "plan_entry_remove",
    "plan_fill_from_tasks",
    "plan_open",
    "plan_return",
    "plan_submit",
    "report_review",
    "target_set",
    "weekly_report_open",
    "weekly_report_save",
    "weekly_reports_create",
]
