"""Month arithmetic, the one place it is done (POOL-1 and POOL-3 periods, DEAL-2's tier
window, the analysis's months), and how long ago something was, in the reader's words."""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils.translation import get_language, npgettext, pgettext


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


# How long ago, in the reader's words (WORK-4): "刚刚" / "just now" under a minute, then at
# most two units, "3周5天" in Chinese and "3 weeks, 5 days" in English.
_SPAN_UNITS = (
    ("year", lambda n: npgettext("time span", "%(num)d year", "%(num)d years", n)),
    ("month", lambda n: npgettext("time span", "%(num)d month", "%(num)d months", n)),
    ("week", lambda n: npgettext("time span", "%(num)d week", "%(num)d weeks", n)),
    ("day", lambda n: npgettext("time span", "%(num)d day", "%(num)d days", n)),
    ("hour", lambda n: npgettext("time span", "%(num)d hour", "%(num)d hours", n)),
    ("minute", lambda n: npgettext("time span", "%(num)d minute", "%(num)d minutes", n)),
)


def time_span(then: dt.datetime | dt.date, now: dt.datetime | dt.date) -> str:
    """The time from `then` to `now` in at most two units ("" under a minute)."""
    if not isinstance(then, dt.datetime):
        then = dt.datetime.combine(then, dt.time(), tzinfo=getattr(now, "tzinfo", None))
    if not isinstance(now, dt.datetime):
        now = dt.datetime.combine(now, dt.time(), tzinfo=then.tzinfo)
    if now - then < dt.timedelta(minutes=1):
        return ""
    counts = dict(zip([key for key, _w in _SPAN_UNITS], _timesince_parts(then, now), strict=True))
    parts = []
    for key, words in _SPAN_UNITS:
        if counts[key]:
            parts.append(words(counts[key]) % {"num": counts[key]})
        elif parts:
            break
        if len(parts) == 2:
            break
    joiner = "" if (get_language() or "").startswith("zh") else ", "
    return joiner.join(parts)


def _timesince_parts(then: dt.datetime, now: dt.datetime) -> list[int]:
    """Years, months, weeks, days, hours, minutes from `then` to `now`: whole calendar
    months first (as Django's timesince counts them), then the rest."""
    months = (now.year - then.year) * 12 + now.month - then.month
    if months and add_months(then.date(), months) > now.date():
        months -= 1
    pivot = then
    if months > 0:
        day = add_months(then.date(), months)
        pivot = then.replace(year=day.year, month=day.month, day=day.day)
        if pivot > now:  # the same day, later in the day: one month fewer
            months -= 1
            day = add_months(then.date(), months)
            pivot = then.replace(year=day.year, month=day.month, day=day.day)
    else:
        months = 0
    rest = int((now - pivot).total_seconds())
    weeks, rest = divmod(rest, 7 * 86400)
    days, rest = divmod(rest, 86400)
    hours, rest = divmod(rest, 3600)
    return [months // 12, months % 12, weeks, days, hours, rest // 60]


def time_ago(then: dt.datetime | dt.date, now: dt.datetime | dt.date) -> str:
    """ "刚刚" / "just now", or "3周5天前" / "3 weeks, 5 days ago"."""
    span = time_span(then, now)
    if not span:
        return pgettext("time", "just now")
    return pgettext("time", "%(span)s ago") % {"span": span}
