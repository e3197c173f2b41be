"""Points and commission in the shared shell: menu, dashboard panels, roles, demo."""

import datetime as dt

import pytest
from django.urls import reverse

from crm import roles
from performance.dashboard import _my_points_figures
from performance.models import ClosedMonth, CommissionStatement, PointEvent
from performance.services.close import month_close
from tests.conftest import SHANGHAI
from tests.performance.factories import record, sale


def nav_keys(response) -> list[str]:
    return [item["key"] for item in response.context["nav_items"]]


@pytest.mark.parametrize(
    ("role", "present", "absent"),
    [
        (roles.REP, ["points", "commission"], ["commission_statements"]),
        (roles.TELESALES, ["points"], ["commission", "commission_statements"]),
        (roles.FINANCE, ["points", "commission_statements"], ["commission"]),
        (roles.SUPERVISOR, ["points", "commission"], ["commission_statements"]),
    ],
)
def test_the_menu_has_points_and_the_right_commission_entry(
    client_for, make_user, role, present, absent
):
    keys = nav_keys(client_for(make_user(role)).get(reverse("dashboard")))
    assert set(present) <= set(keys)
    assert not set(absent) & set(keys)


@pytest.mark.rule("PERF-1")
def test_the_dashboard_shows_my_points_this_month(
    client_for, supervisor, rep, team, frozen_now, django_assert_max_num_queries
):
    record(employee=rep, by=supervisor, code="late-30", day=dt.date(2026, 11, 2))
    record(employee=rep, by=supervisor, code="late-30", day=dt.date(2026, 10, 30))
    response = client_for(rep).get(reverse("dashboard"))
    panel = next(p for p in response.context["panels"] if p["panel"].key == "my_points")
    assert panel["points"] == 98
    assert 'data-panel="my_points"' in response.content.decode()
    with django_assert_max_num_queries(1):
        _my_points_figures(user=rep, now=frozen_now)


def test_finance_sees_how_many_statements_wait_to_be_paid(client_for, rep, finance):
    when = dt.datetime(2026, 10, 10, 10, 0, tzinfo=SHANGHAI)
    import time_machine

    with time_machine.travel(when, tick=False):
        sale(rep=rep, finance=finance, amount="1000.00", at=when)
    month_close(month=dt.date(2026, 10, 1), now=dt.datetime(2026, 11, 1, 1, tzinfo=SHANGHAI))
    response = client_for(finance).get(reverse("dashboard"))
    panel = next(p for p in response.context["panels"] if p["panel"].key == "commission_to_pay")
    assert panel["count"] == 1


def test_the_demo_loads_once(db, frozen_now):
    from crm.demo import demo_load as users_load
    from customers.demo import demo_customers_load
    from deals.demo import demo_load as deals_load
    from performance.demo import demo_load

    users_load()
    demo_customers_load(now=frozen_now)
    deals_load(now=frozen_now)
    line = demo_load(now=frozen_now)
    assert line.startswith("Demo points:")
    counts = (
        PointEvent.objects.count(),
        ClosedMonth.objects.count(),
        CommissionStatement.objects.count(),
    )
    assert counts[0] == 6
    assert counts[1] == 2
    assert counts[2] >= 1  # the demo deals' October payments
    assert demo_load(now=frozen_now) == ""
    again = (
        PointEvent.objects.count(),
        ClosedMonth.objects.count(),
        CommissionStatement.objects.count(),
    )
    assert again == counts
