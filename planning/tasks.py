"""Scheduled jobs of plans and reports: thin, each calls one service with the current time."""

from django.utils import timezone

from planning.services import weekly_reports_create


def weekly_reports_monday() -> dict[str, int]:
    """VISIT-10: every rep's draft report on last week, and a notice (Monday morning)."""
    return weekly_reports_create(now=timezone.now())
