"""VISIT-11: visits due on a holiday of the admin's calendar come to the working day
before; the task keeps its original date and says why."""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from tests.customers.factories import CustomerFactory
from tests.visits.factories import VisitTaskFactory, card_made, due_dates
from visits.models import Holiday, Visitor, VisitTask
from visits.services import holidays_bring_forward, visit_task_plan
from visits.templatetags.visits import task_rules, task_why

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
D = dt.date
SEPT_28 = dt.datetime(2026, 9, 28, 10, tzinfo=SHANGHAI)


@pytest.fixture
def national_day():
    for day in range(1, 8):
        Holiday.objects.create(day=D(2026, 10, day), name="国庆节")


@pytest.mark.rule("VISIT-11")
def test_a_visit_due_in_a_holiday_comes_to_the_working_day_before_it(rep, national_day):
    customer = CustomerFactory(owner=rep)
    with time_machine.travel(SEPT_28, tick=False):
        card_made(customer=customer, rep=rep, bought=True, held_on=D(2026, 9, 28), now=SEPT_28)
    first = VisitTask.objects.get(customer=customer, visitor=Visitor.REP, days=3)
    # 28 Sep + 3 = 1 Oct, a holiday: due 30 Sep, the working day before the holidays.
    assert first.due_on == D(2026, 9, 30)
    assert first.moved_from == D(2026, 10, 1)
    assert "brought forward from" in task_why(first)
    assert "VISIT-11" in task_rules(first)
    assert due_dates(customer, visitor=Visitor.REP)[1:] == [D(2026, 10, 28), D(2026, 11, 27)]


@pytest.mark.rule("VISIT-11")
def test_a_holiday_added_later_moves_open_visits_once(rep, client_for, admin_user):
    task = VisitTaskFactory(assignee=rep, due_on=D(2026, 10, 3))
    with time_machine.travel(SEPT_28, tick=False):
        response = client_for(admin_user).post(
            "/admin/visits/holiday/add/", {"day": "2026-10-03", "name": "国庆节"}
        )
        assert response.status_code == 302
        assert holidays_bring_forward(today=D(2026, 9, 28)) == 0
    task.refresh_from_db()
    assert (task.due_on, task.moved_from) == (D(2026, 10, 2), D(2026, 10, 3))


@pytest.mark.rule("VISIT-11")
def test_a_visit_is_never_brought_forward_into_the_past(rep, national_day):
    task = VisitTaskFactory(assignee=rep, due_on=D(2026, 10, 2))
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, tzinfo=SHANGHAI), tick=False):
        assert holidays_bring_forward(today=D(2026, 10, 1)) == 0
    task.refresh_from_db()
    assert task.due_on == D(2026, 10, 2)


@pytest.mark.rule("VISIT-11")
def test_a_visit_planned_on_a_holiday_is_brought_forward_too(rep, national_day):
    customer = CustomerFactory(owner=rep)
    with time_machine.travel(SEPT_28, tick=False):
        task = visit_task_plan(
            customer=customer,
            by=rep,
            assignee=rep,
            due_on=D(2026, 10, 5),
            now=SEPT_28,
            purpose="上门送货",
        )
    assert (task.due_on, task.moved_from) == (D(2026, 9, 30), D(2026, 10, 5))
