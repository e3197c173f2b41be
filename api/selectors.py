"""Reads of the API app: a user's own tokens (another user's token answers 404); the
events of a user's calendar feed (API-3)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from api.models import ApiToken, CalendarFeed
from visits.selectors import my_open_tasks


def tokens_for(*, user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def token_get_for(*, user, pk: int) -> ApiToken:
    return get_object_or_404(tokens_for(user=user), pk=pk)


# API-3: the calendar feed is a list, capped: this far back and ahead, this many events.
FEED_DAYS_BACK = 30
FEED_DAYS_AHEAD = 180
FEED_MAX_EVENTS = 500


def calendar_feed_for(*, user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def calendar_feed_tasks(*, user, today: dt.date) -> list:
    """The user's open visit tasks (those booked in person are the appointments, VISIT-8)
    due from FEED_DAYS_BACK ago to FEED_DAYS_AHEAD on, at most FEED_MAX_EVENTS: one query."""
    return list(
        my_open_tasks(user=user).filter(
            due_on__gte=today - dt.timedelta(days=FEED_DAYS_BACK),
            due_on__lte=today + dt.timedelta(days=FEED_DAYS_AHEAD),
        )[:FEED_MAX_EVENTS]
    )
