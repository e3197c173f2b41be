"""Keyset (seek) pages: a list pages by its order's columns, never by OFFSET or COUNT.

A list ordered by (a, b) (a sort value and a unique tie-break, newest first by default)
shows the page after the row (x, y) with `(a, b) < (x, y) AND a <= x`: a row-value
comparison on the columns of the index that serves the order, which PostgreSQL turns into
the index scan's start, however many rows share `a` (half a million customers returned to
the pool by one nightly run share one `since`). The redundant `a <= x` keeps the condition
usable by planners that do not read row values as an index bound. SQLite (3.15 and later)
and PostgreSQL both compare row values; Django's Tuple lookups write them.

The caller names the columns, the index's own: the pool pages by
("ownership__since", "ownership__customer_id"), the customer list by ("created_at", "id").
A cursor is the last (or first) row's values as text: microseconds since 1970 for a
time, "d" and the ordinal for a date, "i" and the number for an integer, "s" and the text
for a text (a name: WORK-2's sort by name); then "_" and the tie-break's integer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

from django.db.models import F, QuerySet
from django.db.models.fields.tuple_lookups import (
    Tuple,
    TupleGreaterThan,
    TupleLessThan,
)

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MAX_DIGITS = 18
_MAX_TEXT = 400

Key = tuple[dt.datetime | dt.date | int | str, int]


@dataclass(frozen=True)
class KeysetPage:
    """One page of a list, with the cursors of its neighbours (or None)."""

    rows: list
    next_cursor: str | None
    previous_cursor: str | None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous


def _value_of(row, path: str):
    return attrgetter(path.replace("__", "."))(row)


def keyset_cursor(*, row, order: Sequence[str]) -> str:
    """The cursor of `row`'s place in a list ordered by `order` (two lookup paths)."""
    value, tie = (_value_of(row, path) for path in order)
    if isinstance(value, dt.datetime):
        text = str((value - _EPOCH) // dt.timedelta(microseconds=1))
    elif isinstance(value, dt.date):
        text = f"d{value.toordinal()}"
    elif isinstance(value, str):
        text = f"s{value}"
    else:
        text = f"i{int(value)}"
    return f"{text}_{int(tie)}"


def keyset_cursor_parse(cursor: str) -> Key | None:
    """The (value, tie-break) of a cursor, or None for anything that is not one."""
    text, _sep, tie = (cursor or "").rpartition("_")
    if text[:1] == "s":
        if not tie.isdigit() or len(tie) > _MAX_DIGITS or len(text) > _MAX_TEXT or "\x00" in text:
            return None
        return text[1:], int(tie)
    kind, digits = (text[0], text[1:]) if text[:1] in ("d", "i") else ("", text)
    if not (digits.isdigit() and tie.isdigit()):
        return None
    if len(digits) > _MAX_DIGITS or len(tie) > _MAX_DIGITS:
        return None
    try:
        if kind == "d":
            value = dt.date.fromordinal(int(digits))
        elif kind == "i":
            value = int(digits)
        else:
            value = _EPOCH + dt.timedelta(microseconds=int(digits))
    except (OverflowError, ValueError):
        return None
    return value, int(tie)


def _seek(qs: QuerySet, order: Sequence[str], key: Key, *, later: bool) -> QuerySet:
    """The rows after `key` in ascending order (`later`), or before it."""
    first, _second = order
    columns = Tuple(*(F(path) for path in order))
    if later:
        return qs.filter(TupleGreaterThan(columns, key), **{f"{first}__gte": key[0]})
    return qs.filter(TupleLessThan(columns, key), **{f"{first}__lte": key[0]})


def keyset_page(
    *,
    qs: QuerySet,
    size: int,
    order: Sequence[str],
    after: str = "",
    before: str = "",
    descending: bool = True,
) -> KeysetPage:
    """A page of `qs` in `order` (newest first unless not `descending`), by seek.

    `after` is the cursor of the last row of the page before; `before` the cursor of the
    first row of the page after. Going back to the first rows shows the first page, full.
    """
    if len(order) != 2:
        raise ValueError("A keyset order is a sort column and a unique tie-break column.")
    forward = [f"-{path}" if descending else path for path in order]
    backward = [path if descending else f"-{path}" for path in order]
    after_key = keyset_cursor_parse(after)
    before_key = keyset_cursor_parse(before) if after_key is None else None
    if before_key is not None:
        newer = _seek(qs, order, before_key, later=descending)
        rows = list(newer.order_by(*backward)[: size + 1])
        if len(rows) <= size:
            return keyset_page(qs=qs, size=size, order=order, descending=descending)
        rows = rows[:size][::-1]
        return KeysetPage(
            rows=rows,
            next_cursor=keyset_cursor(row=rows[-1], order=order),
            previous_cursor=keyset_cursor(row=rows[0], order=order),
        )
    if after_key is not None:
        qs = _seek(qs, order, after_key, later=not descending)
    rows = list(qs.order_by(*forward)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return KeysetPage(
        rows=rows,
        next_cursor=keyset_cursor(row=rows[-1], order=order) if more else None,
        previous_cursor=(
            keyset_cursor(row=rows[0], order=order) if after_key is not None and rows else None
        ),
    )
