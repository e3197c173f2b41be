"""Calendar months as the statements count them: local (Shanghai) dates, first day as key."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def month_of(day: dt.date) -> dt.date:
    """The first day of `day`'s month: how a month is stored and compared."""
    return day.replace(day=1)


def month_add(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_last_day(month: dt.date) -> dt.date:
    return month_add(month, 1) - dt.timedelta(days=1)


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of the month as aware datetimes in local time, for timestamp filters."""
    start = timezone.make_aware(dt.datetime.combine(month, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(month_add(month, 1), dt.time.min))
    return start, end


def current_month(now: dt.datetime) -> dt.date:
    return month_of(timezone.localdate(now))


def month_parse(text: str | None) -> dt.date | None:
    """ "2026-11" → 2026-11-01; anything else → None."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        return dt.date(year, month, 1)
    except (TypeError, ValueError):
        return None
