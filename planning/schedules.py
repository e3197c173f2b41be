"""Scheduled jobs of plans and reports (collected by crm/schedules.py)."""

from django_q.models import Schedule

from crm.schedules import ScheduledJob

SCHEDULES = (
    # VISIT-10: the weekly reports on last week are drafted and the reps told before the
    # Monday working day starts. It runs every morning, not only on Mondays: the job is
    # idempotent, so a later run only catches up a rep who joined mid-week or a Monday the
    # worker was down, and a weekly schedule would drift off Monday after any restart.
    ScheduledJob(
        "planning.weekly_reports",
        "planning.tasks.weekly_reports_monday",
        Schedule.DAILY,
        at="06:30",
    ),
)
