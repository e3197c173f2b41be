"""The scheduled jobs of performance (see crm/schedules.py)."""

from django_q.models import Schedule

from crm.schedules import ScheduledJob

SCHEDULES = (
    # PERF-1, DEAL-1: closes last month just after midnight on the 1st (Shanghai time), once
    # the month's last payments and point events are in. It runs daily because the schedule
    # table has no "1st of the month": on other days it finds the month closed and does
    # nothing, and after a missed 1st it catches up the next night.
    ScheduledJob(
        "performance.month_close", "performance.tasks.month_close", Schedule.DAILY, at="00:20"
    ),
)
