"""Demo points and commission: a few events this month and last, the past months closed.

The supervisor records late arrivals and an untidy desk for the rep (one voided by mistake),
the sales manager a missed meeting for rep2; last month the rep took private calls. The
months since the demo deals are closed, so commission statements show the payments behind
them, waiting for finance to pay. Events are added only where there are none yet, and
closing twice changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from performance.models import ClosedMonth, PointEvent, PointItem
from performance.months import current_month, month_add
from performance.services.close import month_close
from performance.services.points import point_event_record, point_event_void

# (employee, recorded by, item code, days ago, note, void reason or "")
EVENTS = (
    ("rep", "supervisor", "late-30", 1, "早会迟到15分钟", ""),
    ("rep", "supervisor", "desk-untidy", 2, "", ""),
    ("rep", "supervisor", "late-30", 3, "", "记错了人，当天是李强迟到"),
    ("rep2", "manager", "meeting-missed", 2, "周一销售例会未到", ""),
    ("rep", "supervisor", "private-calls", 35, "上班时间多次接打私人电话", ""),
    ("rep", "supervisor", "summary-missing", 40, "", ""),
)


def _events(*, users: dict, now: dt.datetime) -> int:
    if PointEvent.objects.exists():
        return 0
    items = {item.code: item for item in PointItem.objects.all()}
    made = 0
    for employee, by, code, days_ago, note, void in EVENTS:
        if employee not in users or by not in users or code not in items:
            continue
        day = timezone.localdate(now) - dt.timedelta(days=days_ago)
        if ClosedMonth.objects.filter(month=day.replace(day=1)).exists():
            continue
        event = point_event_record(
            employee=users[employee],
            item=items[code],
            date=day,
            note=note,
            by=users[by],
            now=now,
        )
        if void:
            point_event_void(event_id=event.pk, reason=void, by=users[by], now=now)
        made += 1
    return made


@transaction.atomic
def demo_load(*, now: dt.datetime) -> str:
    users = {u.username: u for u in get_user_model().objects.filter(is_active=True)}
    made = _events(users=users, now=now)
    this_month = current_month(now)
    closed = 0
    for back in (2, 1):
        if month_close(month=month_add(this_month, -back), now=now) is not None:
            closed += 1
    if not (made or closed):
        return ""
    return f"Demo points: {made} events recorded, {closed} months closed."
