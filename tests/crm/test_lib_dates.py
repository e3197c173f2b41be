"""Month arithmetic (crm/lib/dates.py): the one `add_months` every app counts with."""

import datetime as dt

import pytest

from crm.lib.dates import add_months, month_end, month_start


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 9, 23), 2, dt.date(2026, 11, 23)),
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),
        (dt.date(2026, 12, 15), 1, dt.date(2027, 1, 15)),
        (dt.date(2026, 3, 31), -1, dt.date(2026, 2, 28)),
        (dt.date(2026, 1, 10), -13, dt.date(2024, 12, 10)),
        (dt.date(2026, 5, 1), 0, dt.date(2026, 5, 1)),
    ],
)
def test_add_months_keeps_the_day_and_clamps_it_to_the_months_end(day, months, expected):
    assert add_months(day, months) == expected


def test_the_first_of_a_month_moves_to_the_first_of_another():
    # What the analysis's month steps and DEAL-2's window rely on.
    for months in range(-24, 25):
        assert add_months(month_start(dt.date(2026, 7, 19)), months).day == 1


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (dt.date(2026, 2, 14), dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
        (dt.date(2028, 2, 29), dt.date(2028, 2, 1), dt.date(2028, 2, 29)),
        (dt.date(2026, 12, 31), dt.date(2026, 12, 1), dt.date(2026, 12, 31)),
    ],
)
def test_a_months_first_and_last_day(day, start, end):
    assert (month_start(day), month_end(day)) == (start, end)
