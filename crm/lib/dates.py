"""Month arithmetic, the one place it is done (POOL-1 and POOL-3 periods, DEAL-2's tier
window, the analysis's months)."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later (or earlier), clamped to the month's end.

    How POOL-1 and POOL-3 count "2 months": 23 September + 2 → 23 November; 31 January
    + 2 → 31 March; 31 December + 2 → 28 (or 29) February; 30 November + 3 → 28/29
    February. The first of a month stays the first: `add_months(month_start(d), n)` is the
    first of the month n months after d's.
    """
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def month_start(day: dt.date) -> dt.date:
    """The first day of `day`'s month."""
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    """The last day of `day`'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def next_month_start(day: dt.date) -> dt.date:
    """The first day of the month after `day`'s."""
    return add_months(month_start(day), 1)


def parse_month(value: str, *, today: dt.date) -> dt.date:
    """The first day of a "YYYY-MM" (a month picker's value); this month for anything else."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return dt.date(year, month, 1)
    except (ValueError, TypeError):
        return month_start(today)
