"""Visit compliance per rep (REPORT-2 with VISIT-1…3): due against done on time."""

import datetime as dt

import pytest
from django.urls import reverse

from analysis.services import analysis_refresh
from tests.analysis.factories import at
from tests.analysis.html import sections
from tests.customers.factories import CustomerFactory
from tests.visits.factories import VisitTaskFactory

pytestmark = pytest.mark.rule("REPORT-2", "VISIT-1")


def task(assignee, due: str, status="open", done_at=None, **kwargs):
    return VisitTaskFactory(
        customer=CustomerFactory(**kwargs),
        assignee=assignee,
        due_on=dt.date.fromisoformat(due),
        status=status,
        done_at=done_at,
    )


@pytest.fixture
def visits(people, frozen_now):
    p = people
    task(p.rep, "2026-10-10", "done", at("2026-10-09"))
    task(p.rep, "2026-10-10", "done", at("2026-10-10", 23))  # late evening: still that day
    task(p.rep, "2026-10-12", "done", at("2026-10-13", 0))  # after midnight: a day late
    task(p.rep, "2026-11-20")  # open, overdue since Saturday
    task(p.rep, "2026-11-30")  # open, not yet due
    task(p.rep, "2026-11-05", "superseded")  # VISIT-12: never owed
    task(p.rep2, "2026-11-01", "done", at("2026-11-01", 9), region=p.south)
    task(p.rep2, "2026-09-01", region=p.south)
    task(p.rep3, "2026-11-10", "done", at("2026-11-02"))
    task(p.rep3, "2025-11-15", "done", at("2025-11-15"))  # before the period
    analysis_refresh(now=frozen_now)
    return p


def compliance(client, **params):
    response = client.get(reverse("analysis:page", args=["visits"]), params)
    assert response.status_code == 200
    return sections(response.content.decode())


def test_each_rep_has_due_done_on_time_late_and_overdue(visits, client_for):
    found = compliance(client_for(visits.gm))
    reps = found["reps"]
    assert reps.row("张伟") == {
        "Tasks due": "5",
        "Done on time": "2",
        "Done late": "1",
        "Open and overdue": "1",
        "Not yet due": "1",
        "On time": "50",  # 2 of the 4 due so far
    }
    assert reps.row("陈强")["Open and overdue"] == "1"
    assert reps.row("赵磊")["On time"] == "100"
    assert reps.totals == ["8", "4", "1", "2", "1", "57.1"]
    months = found["months"]
    assert months.row("2026-10")["Tasks due"] == "3"
    assert months.row("2026-11")["Tasks due"] == "4"


def test_the_chart_shows_due_against_on_time_per_rep(visits, client_for):
    reps = compliance(client_for(visits.gm))["reps"]
    assert reps.series("Tasks due") == reps.column("Tasks due")
    assert reps.series("Done on time") == reps.column("Done on time")


def test_a_manager_sees_the_reps_of_the_department_only(visits, client_for):
    reps = compliance(client_for(visits.manager))["reps"]
    assert sorted(reps.labels) == sorted(["张伟", "陈强"])


def test_the_region_filter_follows_the_customer(visits, client_for):
    reps = compliance(client_for(visits.gm), region=visits.south.pk)["reps"]
    assert reps.labels == ["陈强"]


def test_a_cancelled_visit_is_not_owed(visits, client_for, frozen_now):
    from visits.models import VisitTask

    VisitTask.objects.filter(assignee=visits.rep3).update(status="cancelled")
    analysis_refresh(now=frozen_now)
    reps = compliance(client_for(visits.gm))["reps"]
    assert "赵磊" not in reps.labels
