from django_q.models import Schedule

from crm.schedules import ScheduledJob

SCHEDULES = (
    # REPORT-2: the analysis figures, rebuilt after the pool expiry (00:30) and the tier
    # recompute (01:30), so they show the night's owners and tiers, and before anyone opens
    # the pages in the morning.
    ScheduledJob(
        "analysis.refresh_nightly", "analysis.tasks.refresh_nightly", Schedule.DAILY, at="02:30"
    ),
)
