"""Every scheduled task of the application, declared in one place.

`manage.py setup_schedules` makes django-q2's schedule table match this list (by name,
idempotently); `make run` and a deployment run it after `migrate`. Later features add
their jobs here, each with a comment saying why it runs when it does.
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


SCHEDULES: tuple[ScheduledJob, ...] = (
    # Proves the worker is alive: admins see the last beat on the dashboard and in admin.
    ScheduledJob("crm.heartbeat", "crm.tasks.heartbeat", Schedule.MINUTES, minutes=1),
    # POOL-1/POOL-3: customers whose ownership ended return to the pool, after midnight so
    # the owner keeps the whole last day (Shanghai time).
    ScheduledJob("pools.expiry_nightly", "pools.tasks.expiry_nightly", Schedule.DAILY, at="00:30"),
    # POOL-7: owners are warned before the working day starts.
    ScheduledJob(
        "pools.expiry_warnings", "pools.tasks.expiry_warnings", Schedule.DAILY, at="07:00"
    ),
    # DEAL-2/3: tiers and credit grades, recomputed at night over every customer with deals
    # (payments recompute their own customer at once; this catches the window moving on).
    ScheduledJob("deals.tiers_nightly", "deals.tasks.tiers_nightly", Schedule.DAILY, at="01:30"),
)


def all_schedules() -> tuple[ScheduledJob, ...]:
    """SCHEDULES, then the `schedules.SCHEDULES` of the feature apps (see crm/plugins.py)."""
    from crm.plugins import from_apps

    return (*SCHEDULES, *from_apps("schedules", "SCHEDULES"))
