"""API-3: a user's visit tasks and appointments as an iCalendar feed (RFC 5545), made with
the `icalendar` library. Each open task is an all-day event on its due date; a visit booked
in person (a home or store visit, VISIT-8) is an appointment and says so in its title."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from visits.models import IN_PERSON_METHODS

PRODID = "-//CRM//Calendar feed (API-3)//EN"
REFRESH = dt.timedelta(hours=1)


def task_uid(task) -> str:
    """Stable across fetches, so a phone updates the event instead of adding a copy."""
    return f"visit-task-{task.pk}@crm"


def task_summary(task) -> str:
    purpose = task.purpose_text
    if task.planned_method in IN_PERSON_METHODS:
        head = _("%(method)s: %(customer)s") % {
            "method": task.get_planned_method_display(),
            "customer": task.customer.name,
        }
    else:
        head = _("Visit %(customer)s") % {"customer": task.customer.name}
    return f"{head} · {purpose}" if purpose else head


def feed_calendar(
    *, tasks: Iterable, language: str, now: dt.datetime, url_for: Callable[[object], str]
) -> bytes:
    """The feed as bytes (UTF-8). `url_for(task)` is the absolute address of its customer."""
    with translation.override(language):
        cal = Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "PUBLISH")
        name = _("%(brand)s visits") % {"brand": settings.CRM_BRAND}
        cal.add("name", name)
        cal.add("x-wr-calname", name)
        cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", REFRESH)
        for task in tasks:
            event = Event()
            event.add("uid", task_uid(task))
            event.add("dtstamp", now)
            event.add("dtstart", task.due_on)
            event.add("dtend", task.due_on + dt.timedelta(days=1))
            event.add("summary", task_summary(task))
            url = url_for(task)
            event.add("url", url)
            event.add("description", f"{task.purpose_text}\n{url}".strip())
            event.add("transp", "TRANSPARENT")
            cal.add_component(event)
        return cal.to_ical()
