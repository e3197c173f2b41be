"""Every scheduled job of the application, in one place, in the order the night needs.

`manage.py setup_schedules` makes django-q2's schedule table hold exactly SCHEDULES (by
name, idempotently) and removes the RETIRED names; `make run` and a deployment run it after
`migrate`. Jobs are named by dotted path, so this module imports no feature app.

The night's jobs read what the one before wrote, so they have no times of their own: one
scheduled task (`crm.night`, crm/tasks.py) runs NIGHT in order, each step when the last has
finished. Why a chain and not fixed times: docs/decisions.md, "Schedules".
"""

from __future__ import annotations

from dataclasses import dataclass

from django_q.models import Schedule


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    func: str
    schedule_type: str
    minutes: int | None = None
    # Local time (Asia/Shanghai) of the first run for daily jobs, "HH:MM".
    at: str | None = None


# The night, in order. Each step is a task function taking no argument.
NIGHT: tuple[str, ...] = (
    # VISIT-1…3, 11, 12: the visits the last days' cards and first purchases call for, open
    # visits put with their current owners and doctors, visits brought forward before a
    # holiday. First, so tonight's figures count tonight's visits. (The expiry below closes
    # the open rep visits of the customers it returns to the pool by itself.)
    "visits.tasks.catch_up_nightly",
    # DEAL-2/3: tiers and credit grades as the 12-month window moves on (a confirmed payment
    # recomputes its own customer at once). Before the expiry, whose periods may depend on
    # the tier and credit (POOL-10).
    "deals.tasks.tiers_nightly",
    # POOL-11: protections past their last day end, so the expiry below may take them.
    "pools.tasks.protection_nightly",
    # POOL-1/POOL-3: customers whose ownership ended return to the pool; the night starts
    # after midnight, so an owner keeps the whole last day (Shanghai time).
    "pools.tasks.expiry_nightly",
    # POOL-7: owners are warned `pool.warn_days` ahead. After the expiry, so nobody is warned
    # about a customer already gone, and by tonight's tiers; notices read in the morning.
    "pools.tasks.expiry_warnings",
    # REPORT-2: the analysis figures, last: they show the night's visits, tiers and owners.
    "analysis.tasks.refresh_nightly",
)

SCHEDULES: tuple[ScheduledJob, ...] = (
    # Proves the worker is alive: admins see the last beat on the dashboard and in admin.
    ScheduledJob("crm.heartbeat", "crm.tasks.heartbeat", Schedule.MINUTES, minutes=1),
    # PERF-1, DEAL-1: closes last month just after midnight on the 1st, once the month's last
    # payments and point events are in. Daily, because the schedule table has no "1st of the
    # month": on other days it finds the month closed and does nothing, and after a missed
    # 1st it catches up the next night. Not in the night: it reads and writes nothing the
    # night's steps do.
    ScheduledJob(
        "performance.month_close", "performance.tasks.month_close", Schedule.DAILY, at="00:20"
    ),
    # Issue 13, item 6: imports a killed worker left "importing" are queued again; they go
    # on after their last committed chunk, so nothing is imported twice.
    ScheduledJob(
        "customers.import_sweep", "customers.tasks.import_sweep", Schedule.MINUTES, minutes=5
    ),
    # API-2: webhook deliveries whose retry is due (backoff ended), or that a lost queue or
    # a killed worker left unsent, are queued again; a conditional UPDATE lets one worker
    # send each attempt.
    ScheduledJob("api.webhook_sweep", "api.tasks.webhook_sweep", Schedule.MINUTES, minutes=1),
    # The night (NIGHT above, one step after another).
    ScheduledJob("crm.night", "crm.tasks.night", Schedule.DAILY, at="00:30"),
    # VISIT-10: last week's reports are drafted and the reps told before the Monday working
    # day. Every morning, not only on Mondays: the job is idempotent, so a later run only
    # catches up a rep who joined mid-week or a Monday the worker was down, and a weekly
    # schedule would drift off Monday after any restart.
    ScheduledJob(
        "planning.weekly_reports",
        "planning.tasks.weekly_reports_monday",
        Schedule.DAILY,
        at="06:30",
    ),
    # VISIT-7: notices (and e-mail) of visits due tomorrow or overdue, before the working
    # day and hours after the night made tonight's visits.
    ScheduledJob(
        "visits.reminders_daily", "visits.tasks.reminders_daily", Schedule.DAILY, at="07:30"
    ),
)

# Schedules earlier versions declared, now steps of the night: setup_schedules removes them,
# so an upgraded installation does not run them twice.
RETIRED: tuple[str, ...] = (
    "visits.catch_up_nightly",
    "deals.tiers_nightly",
    "pools.expiry_nightly",
    "pools.expiry_warnings",
    "analysis.refresh_nightly",
)
