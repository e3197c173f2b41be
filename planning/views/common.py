"""What the planning pages share."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404

PAGE_SIZE = 25


def parse_week(value: str) -> dt.date:
    """A week's Monday from the address ("2026-11-30"); anything else is not found."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise Http404 from None
    if day.weekday() != 0:
        raise Http404
    return day


def parse_day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Http404 from None


def refuse(request, exc: ValidationError) -> None:
    for text in exc.messages:
        messages.error(request, text)
