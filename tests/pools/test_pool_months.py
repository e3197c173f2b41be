"""How "2 months" counts (POOL-1, POOL-3): calendar months, clamped to the month's end."""

import datetime as dt

import pytest

from crm.lib.dates import add_months
from pools.selectors import ended_before

D = dt.date


@pytest.mark.rule("POOL-1", "POOL-3")
@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (D(2026, 9, 23), 2, D(2026, 11, 23)),
        (D(2026, 1, 31), 2, D(2026, 3, 31)),
        (D(2026, 12, 31), 2, D(2027, 2, 28)),
        (D(2027, 12, 31), 2, D(2028, 2, 29)),  # leap year
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2026, 12, 31), 3, D(2027, 3, 31)),
        (D(2026, 8, 31), 1, D(2026, 9, 30)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
    ],
)
def test_a_period_of_months_ends_on_the_same_day_or_the_months_last_day(start, months, end):
    assert add_months(start, months) == end


@pytest.mark.rule("POOL-1")
def test_the_expiry_cut_keeps_every_customer_whose_last_day_is_today_or_later(settings):
    # Gained on 29, 30 or 31 December: the last day is 28 February; they go on 1 March.
    cut = ended_before(day=D(2027, 3, 1), months=2)
    assert cut.date() == D(2027, 1, 1)
    cut = ended_before(day=D(2027, 2, 28), months=2)
    assert cut.date() == D(2026, 12, 28)
    # Every date agrees with add_months, one day at a time across a year.
    day = D(2026, 1, 1)
    while day < D(2027, 1, 1):
        cut = ended_before(day=day, months=2).date()
        assert add_months(cut - dt.timedelta(days=1), 2) < day
        assert add_months(cut, 2) >= day
        day += dt.timedelta(days=1)
