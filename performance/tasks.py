"""Scheduled jobs of performance: thin, each calls one service with the current time."""

from django.utils import timezone

from performance.services.close import months_close_due


def month_close() -> list[str]:
    """PERF-1, DEAL-1: freeze last month's points and commission statements."""
    return [f"{row.month:%Y-%m}" for row in months_close_due(now=timezone.now())]
