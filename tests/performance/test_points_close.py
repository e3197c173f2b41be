"""The monthly close (PERF-1): set-based, idempotent, frozen with the rule and parameters."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from crm.models import StaffStatus
from crm.schedules import SCHEDULES
from performance import tasks
from performance.models import ClosedMonth, PointStatement
from performance.selectors.points import points_statement_for
from performance.services.close import month_close, months_close_due
from performance.services.points import point_event_void
from tests.conftest import SHANGHAI
from tests.performance.factories import item, record

OCTOBER = dt.date(2026, 10, 1)
NOVEMBER = dt.date(2026, 11, 1)
# The job's first run after October: 00:20 on 1 November, Shanghai time.
FIRST_OF_NOVEMBER = dt.datetime(2026, 11, 1, 0, 20, tzinfo=SHANGHAI)


@pytest.fixture
def october_events(supervisor, rep, team):
    with time_machine.travel(dt.datetime(2026, 10, 31, 18, 0, tzinfo=SHANGHAI), tick=False):
        now = timezone.now()
        record(employee=rep, by=supervisor, code="private-calls", day=dt.date(2026, 10, 8), now=now)
        record(employee=rep, by=supervisor, code="absent-day", day=dt.date(2026, 10, 9), now=now)
        record(employee=rep, by=supervisor, code="late-30", day=dt.date(2026, 10, 30), now=now)
        mistaken = record(
            employee=rep, by=supervisor, code="absent-day", day=dt.date(2026, 10, 20), now=now
        )
        point_event_void(event_id=mistaken.pk, reason="请了假", by=supervisor, now=now)


@pytest.mark.rule("PERF-1")
def test_the_close_freezes_every_employees_month_with_its_rule_and_parameters(
    october_events, rep, supervisor
):
    closed = month_close(month=OCTOBER, now=FIRST_OF_NOVEMBER)
    assert closed.points_statements == 2
    frozen = PointStatement.objects.get(employee=rep, month=OCTOBER)
    assert (frozen.start_points, frozen.points, frozen.end_points) == (100, -22, 78)
    assert frozen.events_count == 3  # the voided one does not count
    assert frozen.bonus == Decimal("-200.00")
    assert frozen.fines_total == Decimal("110.00")
    assert frozen.rule == "PERF-1"
    assert frozen.params == {
        "start": 100,
        "bonus_above": 120,
        "bonus": "200",
        "penalty_below": 80,
        "penalty": "200",
    }
    assert frozen.closed_at == FIRST_OF_NOVEMBER
    boss = PointStatement.objects.get(employee=supervisor, month=OCTOBER)
    assert (boss.end_points, boss.bonus, boss.events_count) == (100, 0, 0)


@pytest.mark.rule("PERF-1")
def test_closing_twice_changes_nothing(october_events, rep):
    assert month_close(month=OCTOBER, now=FIRST_OF_NOVEMBER) is not None
    assert month_close(month=OCTOBER, now=FIRST_OF_NOVEMBER + dt.timedelta(days=1)) is None
    assert PointStatement.objects.filter(month=OCTOBER).count() == 2
    assert ClosedMonth.objects.count() == 1


@pytest.mark.rule("PERF-1")
def test_one_statement_per_employee_and_month_is_a_database_rule(october_events, rep):
    month_close(month=OCTOBER, now=FIRST_OF_NOVEMBER)
    copy = PointStatement.objects.get(employee=rep, month=OCTOBER)
    copy.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


@pytest.mark.rule("PERF-1")
def test_a_closed_month_is_not_rewritten_by_later_parameter_changes(
    october_events, rep, set_param, client_for
):
    month_close(month=OCTOBER, now=FIRST_OF_NOVEMBER)
    set_param("performance.start_points", 120)
    set_param("performance.penalty_below", 60)
    with time_machine.travel(FIRST_OF_NOVEMBER + dt.timedelta(days=5), tick=False):
        october = points_statement_for(employee=rep, month=OCTOBER)
        assert (october.end_points, october.bonus, october.closed) == (78, Decimal("-200"), True)
        assert october.rule.penalty_below == 80
        november = points_statement_for(employee=rep, month=NOVEMBER)
        assert (november.start_points, november.end_points) == (120, 120)
        page = (
            client_for(rep)
            .get(reverse("performance:points_statement", args=[rep.pk, 2026, 10]))
            .content.decode()
        )
    assert "Closed" in page
    assert "below 80 costs ¥200.00" in page


@pytest.mark.rule("PERF-2")
def test_a_catalogue_change_does_not_alter_recorded_events_or_statements(october_events, rep):
    private = item("private-calls")
    private.points = -20
    private.fine = Decimal("300")
    private.name_en = "Personal phone calls"
    private.save()
    october = points_statement_for(employee=rep, month=OCTOBER)
    assert october.end_points == 78
    event = next(e for e in october.events if e.item_id == private.pk)
    assert (event.points, event.fine, event.item_name) == (-10, Decimal("100.00"), "Private calls")
    month_close(month=OCTOBER, now=FIRST_OF_NOVEMBER)
    assert PointStatement.objects.get(employee=rep, month=OCTOBER).end_points == 78


@pytest.mark.rule("PERF-1")
def test_people_who_left_before_the_month_have_no_statement_but_leavers_with_events_do(
    october_events, rep, make_user
):
    from crm import roles

    gone = make_user(roles.REP, username="gone")
    gone.staff.status = StaffStatus.LEFT
    gone.staff.save()
    rep.staff.status = StaffStatus.LEFT
    rep.staff.save()
    later = make_user(roles.REP, username="later")
    later.staff.hire_date = dt.date(2026, 11, 2)
    later.staff.save()
    month_close(month=OCTOBER, now=FIRST_OF_NOVEMBER)
    employees = set(PointStatement.objects.values_list("employee__username", flat=True))
    assert employees == {"rep", "supervisor"}


@pytest.mark.rule("PERF-1")
def test_the_job_closes_last_month_on_the_first_and_then_does_nothing(october_events):
    with time_machine.travel(FIRST_OF_NOVEMBER, tick=False):
        assert tasks.month_close() == ["2026-10"]
    with time_machine.travel(FIRST_OF_NOVEMBER + dt.timedelta(days=1), tick=False):
        assert tasks.month_close() == []
    assert list(ClosedMonth.objects.values_list("month", flat=True)) == [OCTOBER]


@pytest.mark.rule("PERF-1")
def test_the_job_catches_up_a_month_it_missed(rep):
    month_close(month=dt.date(2026, 9, 1), now=dt.datetime(2026, 10, 1, 0, 20, tzinfo=SHANGHAI))
    closed = months_close_due(now=dt.datetime(2026, 12, 3, 0, 20, tzinfo=SHANGHAI))
    assert [row.month for row in closed] == [OCTOBER, NOVEMBER]


def test_a_month_that_is_not_over_cannot_be_closed(db, frozen_now):
    with pytest.raises(ValueError, match="not over"):
        month_close(month=NOVEMBER, now=frozen_now)


def test_the_close_is_scheduled_every_night_after_midnight():
    job = next(j for j in SCHEDULES if j.name == "performance.month_close")
    assert job.func == "performance.tasks.month_close"
    assert job.at == "00:20"
