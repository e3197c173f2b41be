"""Writes of the follow-up visits: generated tasks, records, plans and reminders."""

from visits.services.generation import (
    holiday_shift,
    holidays_bring_forward,
    visit_tasks_catch_up,
    visit_tasks_follow_custody,
    visit_tasks_follow_owner,
    visit_tasks_follow_pool,
    visit_tasks_for_card,
    visit_tasks_for_purchase,
    visit_tasks_supersede,
)
from visits.services.records import (
    plan_assignees,
    visit_record_correct,
    visit_record_log,
    visit_task_plan,
    visitor_kind,
)
from visits.services.reminders import visit_reminders_send

__all__ = [
    "holiday_shift",
    "holidays_bring_forward",
    "plan_assignees",
    "visit_record_correct",
    "visit_record_log",
    "visit_reminders_send",
    "visit_task_plan",
    "visit_tasks_catch_up",
    "visit_tasks_follow_custody",
    "visit_tasks_follow_owner",
    "visit_tasks_follow_pool",
    "visit_tasks_for_card",
    "visit_tasks_for_purchase",
    "visit_tasks_supersede",
    "visitor_kind",
]
