"""My day: due today, overdue, the next 7 days, the phone round every 2 days and the
week's in-person appointments against the target (VISIT-8); the week view; the dashboard."""

import datetime as dt

import pytest
from django.urls import reverse

from crm import roles
from crm.models import RuleParameter
from crm.parameters import param_forget
from tests.conftest import CURRENT_TIME
from tests.customers.factories import CustomerFactory
from tests.visits.factories import VisitTaskFactory, record_values
from visits.models import TaskStatus, VisitMethod
from visits.services import visit_record_log

pytestmark = pytest.mark.django_db
NOW = CURRENT_TIME  # Monday 23 November 2026
TODAY = NOW.date()
DAY = dt.timedelta(days=1)


def sections(response) -> dict:
    day = response.context["day"]
    return {
        "overdue": [t.customer.name for t in day.overdue],
        "today": [t.customer.name for t in day.due_today],
        "upcoming": [t.customer.name for t in day.upcoming],
        "calls": [c.name for c in day.calls],
    }


@pytest.mark.rule("VISIT-1")
def test_my_day_shows_overdue_today_and_the_next_seven_days(client_for, rep, rep2, frozen_now):
    for name, due in (("逾期", TODAY - 3 * DAY), ("今天", TODAY), ("下周", TODAY + 7 * DAY)):
        VisitTaskFactory(customer=CustomerFactory(name=name, owner=rep), assignee=rep, due_on=due)
    VisitTaskFactory(
        customer=CustomerFactory(name="太远", owner=rep), assignee=rep, due_on=TODAY + 8 * DAY
    )
    VisitTaskFactory(customer=CustomerFactory(name="别人的"), assignee=rep2, due_on=TODAY)
    VisitTaskFactory(
        customer=CustomerFactory(name="已完成", owner=rep),
        assignee=rep,
        due_on=TODAY,
        status=TaskStatus.DONE,
        done_at=NOW,
    )
    response = client_for(rep).get(reverse("visits:my_day"))
    got = sections(response)
    assert (got["overdue"], got["today"], got["upcoming"]) == (["逾期"], ["今天"], ["下周"])
    body = response.content.decode()
    assert "3 days overdue" in body
    assert "别人的" not in body


@pytest.mark.rule("VISIT-8")
def test_the_phone_round_lists_customers_in_follow_up_not_called_for_two_days(
    client_for, rep, frozen_now
):
    never = CustomerFactory(name="从未联系", owner=rep)
    called_3_days_ago = CustomerFactory(name="三天前", owner=rep)
    called_yesterday = CustomerFactory(name="昨天", owner=rep)
    finished = CustomerFactory(name="无回访", owner=rep)  # no open visit: not in follow-up
    for customer in (never, called_3_days_ago, called_yesterday):
        VisitTaskFactory(customer=customer, assignee=rep, due_on=TODAY + 20 * DAY)
    for customer, ago in ((called_3_days_ago, 3), (called_yesterday, 1), (finished, 5)):
        when = NOW - ago * DAY
        visit_record_log(customer=customer, by=rep, now=when, values=record_values(visited_at=when))
    response = client_for(rep).get(reverse("visits:my_day"))
    assert sections(response)["calls"] == ["从未联系", "三天前"]
    page = client_for(rep).get(reverse("visits:call_round"))
    assert [c.name for c in page.context["page"].object_list] == ["从未联系", "三天前"]


@pytest.mark.rule("VISIT-8")
def test_the_phone_round_interval_is_a_parameter(client_for, rep, frozen_now):
    customer = CustomerFactory(name="四天前", owner=rep)
    VisitTaskFactory(customer=customer, assignee=rep, due_on=TODAY + 20 * DAY)
    when = NOW - 4 * DAY
    visit_record_log(customer=customer, by=rep, now=when, values=record_values(visited_at=when))
    RuleParameter.objects.create(key="visit.call_round_days", value="5")
    param_forget("visit.call_round_days")
    assert sections(client_for(rep).get(reverse("visits:my_day")))["calls"] == []


@pytest.mark.rule("VISIT-8")
def test_the_weeks_in_person_appointments_count_against_the_target(client_for, rep, frozen_now):
    customer = CustomerFactory(owner=rep)
    client = client_for(rep)
    response = client.get(reverse("visits:my_day"))
    assert (response.context["day"].in_person, response.context["day"].in_person_target) == (0, 1)
    assert "Book at least 1 in-person appointment this week." in response.content.decode()
    # A phone call does not count; a home visit does; last week's does not.
    visit_record_log(customer=customer, by=rep, now=NOW, values=record_values())
    last_week = NOW - 2 * DAY
    visit_record_log(
        customer=customer,
        by=rep,
        now=last_week,
        values=record_values(method=VisitMethod.HOME, visited_at=last_week),
    )
    assert client.get(reverse("visits:my_day")).context["day"].in_person == 0
    visit_record_log(
        customer=customer, by=rep, now=NOW, values=record_values(method=VisitMethod.STORE)
    )
    response = client.get(reverse("visits:my_day"))
    assert response.context["day"].in_person == 1
    assert (
        "VISIT-8" not in response.content.decode().split("visit-figures")[1].split("</section>")[0]
    )


@pytest.mark.rule("VISIT-8")
def test_a_booked_in_person_appointment_this_week_counts(client_for, rep, frozen_now):
    VisitTaskFactory(assignee=rep, due_on=TODAY + 3 * DAY, planned_method=VisitMethod.HOME)
    VisitTaskFactory(assignee=rep, due_on=TODAY + 8 * DAY, planned_method=VisitMethod.HOME)
    RuleParameter.objects.create(key="visit.in_person_per_week", value="2")
    param_forget("visit.in_person_per_week")
    day = client_for(rep).get(reverse("visits:my_day")).context["day"]
    assert (day.in_person, day.in_person_target) == (1, 2)


def test_my_day_reads_the_same_few_queries_however_many_tasks(
    client_for, rep, frozen_now, django_assert_max_num_queries
):
    client = client_for(rep)
    VisitTaskFactory(assignee=rep, customer=CustomerFactory(owner=rep))
    client.get(reverse("visits:my_day"))
    for i in range(30):
        customer = CustomerFactory(owner=rep)
        VisitTaskFactory(customer=customer, assignee=rep, due_on=TODAY + (i % 12 - 4) * DAY)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("visits:my_day"))
    assert response.context["day"].counts == {"overdue": 12, "today": 4, "upcoming": 15}


def test_my_visit_lists_page_and_keep_their_query_count(
    client_for, rep, frozen_now, django_assert_max_num_queries
):
    for _i in range(30):
        VisitTaskFactory(customer=CustomerFactory(owner=rep), assignee=rep, due_on=TODAY - DAY)
    client = client_for(rep)
    with django_assert_max_num_queries(10):
        first = client.get(reverse("visits:task_list") + "?show=overdue")
    assert len(first.context["page"].rows) == 25
    with django_assert_max_num_queries(10):
        response = client.get(reverse("visits:task_list") + "?" + first.context["next_query"])
    assert len(response.context["page"].rows) == 5
    with django_assert_max_num_queries(10):
        client.get(reverse("visits:call_round"))


def test_the_week_view_shows_each_days_visits_and_records(client_for, rep, frozen_now):
    wed = CustomerFactory(name="周三", owner=rep)
    VisitTaskFactory(customer=wed, assignee=rep, due_on=TODAY + 2 * DAY)
    visit_record_log(
        customer=CustomerFactory(name="今天拜访", owner=rep),
        by=rep,
        now=NOW,
        values=record_values(),
    )
    response = client_for(rep).get(reverse("visits:week") + "?start=2026-11-25")
    days = response.context["days"]
    assert days[0]["day"] == TODAY  # the week starts on Monday
    assert [t.customer.name for t in days[2]["tasks"]] == ["周三"]
    assert [r.customer.name for r in days[0]["records"]] == ["今天拜访"]
    nxt = client_for(rep).get(reverse("visits:week") + "?start=2026-11-30")
    assert all(not d["tasks"] for d in nxt.context["days"])


@pytest.mark.rule("VISIT-1")
def test_the_dashboard_my_day_panel_shows_the_real_figures(
    client_for, rep, frozen_now, django_assert_max_num_queries
):
    VisitTaskFactory(assignee=rep, due_on=TODAY)
    VisitTaskFactory(assignee=rep, due_on=TODAY - DAY)
    response = client_for(rep).get(reverse("dashboard"))
    panel = next(p for p in response.context["panels"] if p["panel"].key == "my_day")
    assert (panel["today"], panel["overdue"], panel["upcoming"], panel["target"]) == (1, 1, 0, 1)
    assert "Open my day" in response.content.decode()


def test_a_bad_week_start_shows_this_week(client_for, rep, frozen_now):
    for bad in ("2026-02-30", "yesterday"):
        response = client_for(rep).get(reverse("visits:week") + f"?start={bad}")
        assert response.context["start"] == TODAY


@pytest.mark.rule("VISIT-8")
def test_a_doctors_my_day_shows_no_reps_appointment_target(client_for, make_user, frozen_now):
    doctor = make_user(roles.SERVICE_DOCTOR, username="doctor2")
    response = client_for(doctor).get(reverse("visits:my_day"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-figure="in_person"' not in html
    assert "data-target-missed" not in html
