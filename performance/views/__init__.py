"""Pages of performance points (points.py) and commission (commission.py)."""

import datetime as dt

from django.http import Http404

from performance.months import current_month


def month_or_404(year: int, month: int, *, now: dt.datetime) -> dt.date:
    """The month of an address (…/2026/11/): a real month, not after this one; else 404."""
    try:
        day = dt.date(year, month, 1)
    except ValueError as exc:
        raise Http404 from exc
    if day > current_month(now):
        raise Http404
    return day
