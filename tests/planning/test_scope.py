"""Who sees whose plans and reports: a rep their own; a supervisor their team's; a sales
manager their department's; the general manager everyone's. Anything else answers 404."""

import datetime as dt

import pytest
from django.urls import reverse

from planning import services
from planning.admin import WeeklyPlanAdmin
from planning.models import WeeklyPlan
from tests.conftest import CURRENT_TIME
from tests.planning.factories import owned

pytestmark = pytest.mark.django_db

NEXT_WEEK = dt.date(2026, 11, 30)
LAST_WEEK = dt.date(2026, 11, 16)


def papers(rep):
    """A submitted schedule, a weekly and a daily report of `rep`."""
    plan = services.plan_open(rep=rep, week_start=NEXT_WEEK, now=CURRENT_TIME)
    services.plan_entry_add(
        plan=plan,
        by=rep,
        customer=owned(rep=rep, at=CURRENT_TIME),
        planned_on=NEXT_WEEK,
        method="phone",
        purpose="回访",
    )
    weekly = services.weekly_report_open(rep=rep, week_start=LAST_WEEK, now=CURRENT_TIME)
    daily = services.daily_report_open(rep=rep, day=CURRENT_TIME.date(), now=CURRENT_TIME)
    return {
        "plan": reverse("planning:plan_detail", args=[plan.pk]),
        "entry": reverse("planning:plan_entry_add", args=[plan.pk]),
        "weekly": reverse("planning:report_detail", args=[weekly.pk]),
        "daily": reverse("planning:daily_detail", args=[daily.pk]),
    }


@pytest.mark.rule("VISIT-9", "VISIT-10", "REPORT-1", "SEAL-2")
def test_another_reps_plan_and_reports_answer_404(client_for, rep, rep2, org, frozen_now):
    urls = papers(rep2)
    client = client_for(rep)
    for url in urls.values():
        assert client.get(url).status_code == 404, url
    plan = WeeklyPlan.objects.get()
    for name in ("planning:plan_submit", "planning:plan_fill", "planning:plan_decide"):
        assert client.post(reverse(name, args=[plan.pk])).status_code == 404
    assert plan.status == "draft"


@pytest.mark.rule("VISIT-9", "VISIT-10", "REPORT-1")
def test_a_supervisor_sees_the_teams_papers_and_not_another_teams(
    client_for, rep, rep2, supervisor, org, frozen_now
):
    mine = papers(rep)
    client = client_for(supervisor)
    for url in mine.values():
        if url != mine["entry"]:
            assert client.get(url).status_code == 200, url
    other = papers(rep2)  # 销售二组, the same department but not the supervisor's team
    for key in ("plan", "weekly", "daily"):
        assert client.get(other[key]).status_code == 404


@pytest.mark.rule("VISIT-9", "VISIT-10", "REPORT-1")
def test_a_manager_sees_the_departments_papers_and_not_another_departments(
    client_for, rep, rep2, rep3, manager, org, frozen_now
):
    client = client_for(manager)
    for rep_ in (rep, rep2):
        for key, url in papers(rep_).items():
            if key != "entry":
                assert client.get(url).status_code == 200
    for key, url in papers(rep3).items():
        if key != "entry":
            assert client.get(url).status_code == 404


@pytest.mark.rule("REPORT-1")
def test_the_general_manager_reads_everyones_papers(client_for, rep, rep3, gm, org, frozen_now):
    client = client_for(gm)
    for rep_ in (rep, rep3):
        for key, url in papers(rep_).items():
            if key != "entry":
                assert client.get(url).status_code == 200


@pytest.mark.rule("VISIT-9")
def test_a_supervisor_cannot_edit_the_reps_schedule(client_for, rep, supervisor, org, frozen_now):
    urls = papers(rep)
    assert client_for(supervisor).get(urls["entry"]).status_code == 403


@pytest.mark.rule("VISIT-9", "VISIT-10")
def test_lists_show_only_papers_in_scope(client_for, rep, rep2, supervisor, org, frozen_now):
    papers(rep)
    papers(rep2)
    for user, expected in ((rep, {"张伟"}), (supervisor, {"张伟"}), (rep2, {"陈强"})):
        client = client_for(user)
        for name in ("planning:plan_list", "planning:report_list", "planning:daily_list"):
            rows = client.get(reverse(name)).context["page"].object_list
            names = {f"{r.rep.last_name}{r.rep.first_name}" for r in rows}
            assert names == expected, (user.username, name)


@pytest.mark.rule("VISIT-9")
def test_the_admin_uses_the_same_scope(rf, rep, rep2, supervisor, org, frozen_now):
    from django.contrib.admin.sites import site

    papers(rep)
    papers(rep2)
    request = rf.get("/")
    request.user = supervisor
    qs = WeeklyPlanAdmin(WeeklyPlan, site).get_queryset(request)
    assert list(qs.values_list("rep__username", flat=True)) == ["rep"]


@pytest.mark.rule("VISIT-9")
def test_someone_without_a_planning_role_is_refused(client_for, make_user, frozen_now):
    from crm import roles

    doctor = make_user(roles.SERVICE_DOCTOR)
    client = client_for(doctor)
    assert client.get(reverse("planning:home")).status_code == 403
    assert client.get(reverse("planning:review_queue")).status_code == 403
    assert client.post(reverse("planning:plan_week", args=["2026-11-30"])).status_code == 403
