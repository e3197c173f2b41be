"""The team overview: a supervisor's team, a manager's department, month by month."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from performance.services.close import month_close
from tests.performance.factories import record

TEAM = reverse("performance:team_points")


@pytest.mark.rule("PERF-1")
def test_a_supervisor_sees_their_team_this_month(
    client_for, supervisor, rep, rep2, team, frozen_now
):
    record(employee=rep, by=supervisor, code="absent-day", day=dt.date(2026, 11, 2))
    record(employee=rep, by=supervisor, code="absent-day", day=dt.date(2026, 11, 3))
    record(employee=rep, by=supervisor, code="late-30", day=dt.date(2026, 11, 4))
    response = client_for(supervisor).get(TEAM)
    rows = {row.profile.user.username: row for row in response.context["team"].rows}
    assert set(rows) == {"rep", "supervisor"}
    assert (rows["rep"].end_points, rows["rep"].bonus) == (78, Decimal("-200"))
    assert rows["rep"].fines_total == Decimal("10.00")
    assert rows["supervisor"].end_points == 100
    assert "Not closed yet" in response.content.decode()


@pytest.mark.rule("PERF-1")
def test_a_manager_sees_the_department_and_a_closed_month_frozen(
    client_for, manager, supervisor, rep, rep2, frozen_now, set_param
):
    record(employee=rep2, by=manager, code="private-calls", day=dt.date(2026, 10, 12))
    month_close(month=dt.date(2026, 10, 1), now=frozen_now)
    set_param("performance.start_points", 50)
    response = client_for(manager).get(TEAM, {"month": "2026-10"})
    assert response.context["team"].closed
    rows = {row.profile.user.username: row for row in response.context["team"].rows}
    assert set(rows) == {"rep", "rep2", "supervisor", "manager"}
    assert rows["rep2"].end_points == 90
    assert rows["rep"].end_points == 100


def test_a_rep_cannot_open_the_team_overview(client_for, rep):
    assert client_for(rep).get(TEAM).status_code == 403


def test_a_bad_or_future_month_shows_this_month(client_for, supervisor, team, frozen_now):
    client = client_for(supervisor)
    for month in ("2026-13", "nonsense", "2027-01"):
        assert client.get(TEAM, {"month": month}).context["month"] == dt.date(2026, 11, 1)


@pytest.mark.rule("PERF-1")
def test_the_team_overview_has_a_pinned_query_count(
    client_for, make_user, supervisor, team, frozen_now, django_assert_max_num_queries
):
    from crm import roles

    for i in range(40):
        person = make_user(roles.REP, username=f"member{i}")
        person.staff.team = team
        person.staff.save()
        record(employee=person, by=supervisor, code="late-30", day=dt.date(2026, 11, 2))
    client = client_for(supervisor)
    client.get(TEAM)
    with django_assert_max_num_queries(10):
        response = client.get(TEAM)
    assert len(response.context["team"].rows) == 30
    with django_assert_max_num_queries(10):
        response = client.get(TEAM, {"page": 2})
    assert len(response.context["team"].rows) == 12
    month_close(month=dt.date(2026, 10, 1), now=frozen_now)
    with django_assert_max_num_queries(10):
        client.get(TEAM, {"month": "2026-10"})
