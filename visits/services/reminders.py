"""Reminders of visits due tomorrow and overdue (in-app, and by e-mail when possible)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from crm.services import notify
from visits.models import TaskStatus, VisitTask
from visits.signals import visits_overdue

# API-2: a visit is announced overdue the morning after its due day; a job missed for up to
# this many days still announces the visits that became overdue meanwhile (once each: the
# webhooks key the event by task and due day), older ones are not announced again.
OVERDUE_LOOKBACK_DAYS = 7


def visit_overdue_announce(*, now: dt.datetime) -> None:
    """Tell listening apps (webhooks) which open visits became overdue lately."""
    today = timezone.localdate(now)
    tasks = VisitTask.objects.filter(
        status=TaskStatus.OPEN,
        due_on__lt=today,
        due_on__gte=today - dt.timedelta(days=OVERDUE_LOOKBACK_DAYS),
    )
    visits_overdue.send(sender=VisitTask, tasks=tasks, today=today, now=now)


def visit_reminders_send(*, now: dt.datetime) -> int:
    """Each person with open visits due tomorrow or overdue gets one notice of each a day.

    One query counts the visits per person; the notices are keyed by person and day, so a
    second run the same day sends nothing again (nor mails it again). The visits that became
    overdue are announced to listening apps too (API-2 webhooks).
    """
    visit_overdue_announce(now=now)
    today = timezone.localdate(now)
    tomorrow = today + dt.timedelta(days=1)
    rows = (
        VisitTask.objects.filter(
            status=TaskStatus.OPEN, assignee__isnull=False, assignee__is_active=True
        )
        .filter(Q(due_on=tomorrow) | Q(due_on__lt=today))
        .values("assignee")
        .annotate(
            tomorrow=Count("pk", filter=Q(due_on=tomorrow)),
            overdue=Count("pk", filter=Q(due_on__lt=today)),
        )
        .order_by("assignee")
    )
    counts = {row["assignee"]: row for row in rows}
    people = get_user_model().objects.in_bulk(list(counts))
    url = reverse("visits:my_day")
    sent = 0
    for pk, row in counts.items():
        user = people[pk]
        if row["tomorrow"]:
            notify(
                user=user,
                key=f"visits-due:{tomorrow.isoformat()}",
                kind="visits.due_tomorrow",
                now=now,
                url=url,
                rule="VISIT-7",
                params={"due_on": tomorrow.isoformat(), "count": row["tomorrow"]},
                email=True,
            )
            sent += 1
        if row["overdue"]:
            notify(
                user=user,
                key=f"visits-overdue:{today.isoformat()}",
                kind="visits.overdue",
                now=now,
                url=url + "#overdue",
                rule="VISIT-7",
                params={"today": today.isoformat(), "count": row["overdue"]},
                email=True,
            )
            sent += 1
    return sent
