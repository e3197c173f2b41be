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
)
