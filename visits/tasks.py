"""Scheduled jobs of the visits: thin, each calls one service with the current time."""

from django.utils import timezone

from visits.services import visit_reminders_send, visit_tasks_catch_up


def catch_up_nightly() -> dict[str, int]:
    """VISIT-1…3, 11, 12: make missed visit tasks, follow owners and doctors, holidays."""
    return visit_tasks_catch_up(now=timezone.now())


def reminders_daily() -> int:
    """Notices (and e-mail) of visits due tomorrow and overdue."""
    return visit_reminders_send(now=timezone.now())
