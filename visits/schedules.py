"""Scheduled jobs of the visits (see crm/schedules.py)."""

from django_q.models import Schedule

from crm.schedules import ScheduledJob

SCHEDULES = (
    # VISIT-1…3, 11, 12: after the pool expiry (00:30) and the tier recompute (01:30), so
    # the owners it follows and the first purchases it reads are those of the new day.
    ScheduledJob(
        "visits.catch_up_nightly", "visits.tasks.catch_up_nightly", Schedule.DAILY, at="02:30"
    ),
    # Reminders before the working day starts, after the night's catch-up.
    ScheduledJob(
        "visits.reminders_daily", "visits.tasks.reminders_daily", Schedule.DAILY, at="07:30"
    ),
)
