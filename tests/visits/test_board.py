"""VISIT-7: the doctor's daily board of every rep's visits (due, overdue, done today), with
the rep's tasks behind it; supervisors see their team, sales managers their department."""

import datetime as dt

import pytest
from django.urls import reverse

from crm import roles
from tests.conftest import CURRENT_TIME
from tests.factories import TeamFactory, UserFactory
from tests.visits.factories import VisitTaskFactory
from visits.models import TaskStatus, Visitor

pytestmark = pytest.mark.django_db
NOW = CURRENT_TIME
TODAY = NOW.date()
DAY = dt.timedelta(days=1)


@pytest.fixture
def company(supervisor, rep, team, manager):
    """Department (manager) → team (supervisor: rep) and another team (rep3)."""
    department = TeamFactory(name="销售部", leader=manager)
    team.parent = department
    team.save()
    other = TeamFactory(name="销售二组", parent=department)
    rep3 = UserFactory(username="rep3", last_name="赵", first_name="强", roles=[roles.REP])
    rep3.staff.team = other
    rep3.staff.save()
    outside = UserFactory(username="rep4", last_name="孙", first_name="丽", roles=[roles.REP])
    return {"rep3": rep3, "outside": outside}


def board(client) -> dict:
    response = client.get(reverse("visits:board"))
    assert response.status_code == 200
    return {
        p.username: (p.due_today, p.overdue, p.done_today)
        for p in response.context["page"].object_list
    }


@pytest.mark.rule("VISIT-7")
def test_the_doctor_sees_each_reps_due_overdue_and_done_today(
    client_for, doctor, rep, company, frozen_now
):
    VisitTaskFactory(assignee=rep, due_on=TODAY)
    VisitTaskFactory(assignee=rep, due_on=TODAY - 2 * DAY)
    VisitTaskFactory(assignee=rep, due_on=TODAY - DAY, status=TaskStatus.DONE, done_at=NOW)
    VisitTaskFactory(assignee=rep, due_on=TODAY - DAY, status=TaskStatus.DONE, done_at=NOW - DAY)
    VisitTaskFactory(assignee=rep, due_on=TODAY - DAY, status=TaskStatus.SUPERSEDED)
    VisitTaskFactory(assignee=company["rep3"], due_on=TODAY - 5 * DAY)
    # The doctor's own visits are not a rep's.
    VisitTaskFactory(assignee=doctor, visitor=Visitor.DOCTOR, due_on=TODAY - DAY)
    rows = board(client_for(doctor))
    assert rows["rep"] == (1, 1, 1)
    assert rows["rep3"] == (0, 1, 0)
    assert rows["rep4"] == (0, 0, 0)
    assert "doctor" not in rows


@pytest.mark.rule("VISIT-7")
def test_the_doctor_drills_down_to_a_reps_overdue_and_done_visits(
    client_for, doctor, rep, frozen_now
):
    late = VisitTaskFactory(assignee=rep, due_on=TODAY - 2 * DAY)
    done = VisitTaskFactory(assignee=rep, due_on=TODAY, status=TaskStatus.DONE, done_at=NOW)
    VisitTaskFactory(assignee=rep, due_on=TODAY + DAY)  # not due yet
    response = client_for(doctor).get(reverse("visits:board_person", args=[rep.pk]))
    assert [t.pk for t in response.context["page"].object_list] == [late.pk, done.pk]
    assert "2 days overdue" in response.content.decode()


@pytest.mark.rule("VISIT-7")
def test_a_supervisor_sees_their_team_and_a_manager_their_department(
    client_for, supervisor, manager, rep, company, frozen_now
):
    assert set(board(client_for(supervisor))) == {"rep"}
    assert set(board(client_for(manager))) == {"rep", "rep3"}
    client = client_for(supervisor)
    assert client.get(reverse("visits:board_person", args=[company["rep3"].pk])).status_code == 404
    assert client.get(reverse("visits:board_person", args=[rep.pk])).status_code == 200


@pytest.mark.rule("VISIT-7")
def test_a_rep_has_no_board(client_for, rep, rep2):
    client = client_for(rep)
    assert client.get(reverse("visits:board")).status_code == 403
    assert client.get(reverse("visits:board_person", args=[rep2.pk])).status_code == 403


@pytest.mark.rule("VISIT-7")
def test_the_board_reads_the_same_few_queries_however_many_reps(
    client_for, doctor, frozen_now, django_assert_max_num_queries
):
    client = client_for(doctor)
    client.get(reverse("visits:board"))
    for _ in range(8):
        person = UserFactory(roles=[roles.REP])
        VisitTaskFactory(assignee=person, due_on=TODAY - DAY)
        VisitTaskFactory(assignee=person, due_on=TODAY)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("visits:board"))
    assert len(response.context["page"].object_list) == 8
    person = response.context["page"].object_list[0]
    for _ in range(10):
        VisitTaskFactory(assignee=person, due_on=TODAY - DAY)
    with django_assert_max_num_queries(9):
        client.get(reverse("visits:board_person", args=[person.pk]))


@pytest.mark.rule("VISIT-7")
def test_the_doctors_dashboard_counts_the_reps_overdue_visits(client_for, doctor, rep, frozen_now):
    VisitTaskFactory(assignee=rep, due_on=TODAY - DAY)
    VisitTaskFactory(assignee=rep, due_on=TODAY - 2 * DAY)
    response = client_for(doctor).get(reverse("dashboard"))
    panel = next(p for p in response.context["panels"] if p["panel"].key == "visit_board")
    assert (panel["visits"], panel["reps"]) == (2, 1)


@pytest.mark.rule("VISIT-7")
def test_a_late_visit_is_marked_late_not_green_and_the_summary_counts_it(
    client_for, doctor, rep, frozen_now
):
    VisitTaskFactory(assignee=rep, due_on=TODAY, status=TaskStatus.DONE, done_at=NOW)
    VisitTaskFactory(
        assignee=rep, due_on=TODAY - 3 * DAY, status=TaskStatus.DONE, done_at=NOW, done_late=True
    )
    client = client_for(doctor)
    summary = client.get(reverse("visits:board"))
    row = next(p for p in summary.context["page"].object_list if p.username == "rep")
    assert (row.done_today, row.late_today) == (2, 1)
    assert "data-late>1" in summary.content.decode()
    html = client.get(reverse("visits:board_person", args=[rep.pk])).content.decode()
    assert html.count('class="tag tag-warn" data-late') == 1
    assert html.count('class="tag tag-ok"') == 1
