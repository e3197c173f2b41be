"""The monthly points statement (PERF-1): 100 to start, the events, the end, the money."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from crm import roles
from performance.selectors.points import PointsRule, points_statement_for
from performance.services.points import point_event_void
from tests.factories import TeamFactory
from tests.performance.factories import record, reward

NOVEMBER = dt.date(2026, 11, 1)
MINE = reverse("performance:my_points")


def statement_url(user, month: dt.date = NOVEMBER) -> str:
    return reverse("performance:points_statement", args=[user.pk, month.year, month.month])


def points_of(user, month: dt.date = NOVEMBER):
    return points_statement_for(employee=user, month=month)


@pytest.mark.rule("PERF-1")
def test_every_employee_starts_the_month_with_100_points(rep, frozen_now):
    statement = points_of(rep)
    assert (statement.start_points, statement.end_points) == (100, 100)
    assert statement.bonus == Decimal("0")
    assert not statement.closed


@pytest.mark.rule("PERF-1", "PERF-2")
def test_the_statement_shows_start_each_event_end_money_and_fines(
    client_for, supervisor, rep, team, frozen_now
):
    record(employee=rep, by=supervisor, code="late-30", day=dt.date(2026, 11, 3), note="堵车")
    record(employee=rep, by=supervisor, code="private-calls", day=dt.date(2026, 11, 10))
    record(employee=rep, by=supervisor, code="cleaning-skipped", day=dt.date(2026, 11, 12))
    statement = points_of(rep)
    assert statement.points == -17
    assert statement.end_points == 83
    assert statement.fines_total == Decimal("115.00")
    assert statement.bonus == 0
    page = client_for(rep).get(statement_url(rep)).content.decode()
    for text in ("Starting points", "100", "83", "Late up to 30 minutes", "堵车", "Private calls"):
        assert text in page
    assert "¥115.00" in page
    assert "Not closed yet" in page


@pytest.mark.rule("PERF-1")
@pytest.mark.parametrize(
    ("end", "money"),
    [(121, Decimal("200")), (120, Decimal("0")), (80, Decimal("0")), (79, Decimal("-200"))],
)
def test_above_120_earns_200_below_80_costs_200_and_the_edges_nothing(end, money):
    rule = PointsRule(
        start=100, bonus_above=120, bonus=Decimal("200"), penalty_below=80, penalty=Decimal("200")
    )
    assert rule.outcome(end) == money


@pytest.mark.rule("PERF-1")
def test_a_month_ending_exactly_at_120_earns_nothing_and_at_121_the_bonus(
    supervisor, rep, team, frozen_now
):
    praise = reward(points=20)
    record(employee=rep, by=supervisor, code=praise, day=dt.date(2026, 11, 2))
    assert (points_of(rep).end_points, points_of(rep).bonus) == (120, 0)
    one = reward(points=1)
    record(employee=rep, by=supervisor, code=one, day=dt.date(2026, 11, 3))
    assert (points_of(rep).end_points, points_of(rep).bonus) == (121, Decimal("200"))


@pytest.mark.rule("PERF-1")
def test_a_month_ending_exactly_at_80_costs_nothing_and_at_79_the_penalty(
    supervisor, rep, team, frozen_now
):
    for day in (2, 3):
        record(employee=rep, by=supervisor, code="absent-day", day=dt.date(2026, 11, day))
    assert (points_of(rep).end_points, points_of(rep).bonus) == (80, 0)
    event = record(employee=rep, by=supervisor, code="late-30", day=dt.date(2026, 11, 4))
    assert (points_of(rep).end_points, points_of(rep).bonus) == (78, Decimal("-200"))
    point_event_void(event_id=event.pk, reason="错了", by=supervisor, now=frozen_now)
    assert (points_of(rep).end_points, points_of(rep).bonus) == (80, 0)


@pytest.mark.rule("PERF-1", "PERF-2")
def test_voided_events_do_not_count_but_stay_on_the_statement(
    client_for, supervisor, rep, team, frozen_now
):
    event = record(employee=rep, by=supervisor, code="private-calls", day=dt.date(2026, 11, 5))
    point_event_void(event_id=event.pk, reason="不是他", by=supervisor, now=frozen_now)
    statement = points_of(rep)
    assert (statement.end_points, statement.fines_total) == (100, 0)
    page = client_for(rep).get(statement_url(rep)).content.decode()
    assert "Private calls" in page
    assert "Voided" in page
    assert "不是他" in page


@pytest.mark.rule("PERF-1")
def test_the_numbers_are_rule_parameters_an_admin_changes(
    set_param, rep, supervisor, team, frozen_now
):
    set_param("performance.start_points", 90)
    set_param("performance.penalty_below", 95)
    set_param("performance.penalty_amount", "150")
    statement = points_of(rep)
    assert (statement.end_points, statement.bonus) == (90, Decimal("-150"))


@pytest.mark.rule("PERF-1")
def test_events_of_another_month_are_not_on_this_statement(supervisor, rep, team, frozen_now):
    record(employee=rep, by=supervisor, code="late-30", day=dt.date(2026, 10, 31))
    assert points_of(rep).end_points == 100
    assert points_of(rep, dt.date(2026, 10, 1)).end_points == 98


def test_a_rep_sees_their_own_points_and_another_reps_answer_404(client_for, rep, rep2, frozen_now):
    client = client_for(rep)
    assert client.get(statement_url(rep)).status_code == 200
    assert client.get(statement_url(rep2)).status_code == 404


def test_a_supervisor_sees_their_teams_points_not_another_departments(
    client_for, supervisor, rep, rep2, outsider, team, frozen_now
):
    client = client_for(supervisor)
    assert client.get(statement_url(rep)).status_code == 200
    assert client.get(statement_url(rep2)).status_code == 404  # the other team of the dept
    assert client.get(statement_url(outsider)).status_code == 404


def test_a_sales_manager_sees_their_whole_department(
    client_for, manager, rep, rep2, outsider, supervisor, frozen_now
):
    client = client_for(manager)
    for person in (rep, rep2, supervisor):
        assert client.get(statement_url(person)).status_code == 200
    assert client.get(statement_url(outsider)).status_code == 404


def test_another_supervisor_cannot_see_a_team_they_do_not_lead(client_for, make_user, rep, team):
    other = make_user(roles.SUPERVISOR, username="other-sup")
    TeamFactory(name="三组", leader=other)
    assert client_for(other).get(statement_url(rep)).status_code == 404


def test_a_future_or_impossible_month_answers_404(client_for, rep, frozen_now):
    client = client_for(rep)
    assert client.get(statement_url(rep, dt.date(2026, 12, 1))).status_code == 404
    bad = reverse("performance:points_statement", args=[rep.pk, 2026, 13])
    assert client.get(bad).status_code == 404


@pytest.mark.rule("PERF-1")
def test_my_points_shows_this_month_live_and_the_past_months(
    client_for, supervisor, rep, team, frozen_now
):
    from performance.services.close import month_close

    record(employee=rep, by=supervisor, code="private-calls", day=dt.date(2026, 10, 8))
    month_close(month=dt.date(2026, 10, 1), now=frozen_now)
    record(employee=rep, by=supervisor, code="late-30", day=dt.date(2026, 11, 20))
    response = client_for(rep).get(MINE)
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["statement"].end_points == 98
    assert "Late up to 30 minutes" in page
    assert response.context["last_month"] is None  # October is closed
    past = list(response.context["page"].object_list)
    assert [(s.month, s.end_points, s.fines_total) for s in past] == [
        (dt.date(2026, 10, 1), 90, Decimal("100.00"))
    ]
    assert statement_url(rep, dt.date(2026, 10, 1)) in page


def test_last_month_is_shown_live_until_the_job_closes_it(
    client_for, supervisor, rep, team, frozen_now
):
    record(employee=rep, by=supervisor, code="desk-untidy", day=dt.date(2026, 10, 30))
    response = client_for(rep).get(MINE)
    assert response.context["last_month"].end_points == 98
    assert not response.context["last_month"].closed


def test_a_person_without_a_role_cannot_open_my_points(client_for, make_user):
    assert client_for(make_user()).get(MINE).status_code == 403


@pytest.mark.rule("PERF-1")
def test_my_points_page_has_a_pinned_query_count(
    client_for, supervisor, rep, team, frozen_now, django_assert_max_num_queries
):
    from performance.services.close import month_close

    for day in range(1, 21):
        record(employee=rep, by=supervisor, code="late-30", day=dt.date(2026, 11, day))
    for month in range(1, 11):
        record(employee=rep, by=supervisor, code="desk-untidy", day=dt.date(2026, month, 5))
    for month in range(1, 11):
        month_close(month=dt.date(2026, month, 1), now=frozen_now)
    client = client_for(rep)
    client.get(MINE)  # warm the parameter cache
    with django_assert_max_num_queries(11):
        response = client.get(MINE)
    assert len(response.context["statement"].events) == 20
    assert len(response.context["page"].object_list) == 10
    with django_assert_max_num_queries(8):
        client.get(statement_url(rep))
