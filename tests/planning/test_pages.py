"""The planning pages as a whole: pinned query counts on every list, the menu, the
dashboard panels, the review queue and the demo data."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from crm.dashboard import panels_for
from crm.navigation import nav_for
from planning import services
from planning.models import DailyReport, MonthlyTarget, WeeklyPlan, WeeklyReport
from tests.conftest import CURRENT_TIME
from tests.factories import UserFactory
from tests.planning.factories import owned, place

pytestmark = pytest.mark.django_db

NEXT_WEEK = dt.date(2026, 11, 30)


@pytest.fixture
def busy_team(org, make_user):
    """Twelve more reps in the supervisor's team, each with a submitted schedule for next
    week, a submitted weekly report on last week and a submitted daily report today."""
    from crm import roles

    reps = []
    for i in range(12):
        rep = make_user(roles.REP, username=f"team{i}")
        place(rep, org["team1"])
        reps.append(rep)
        plan = services.plan_open(rep=rep, week_start=NEXT_WEEK, now=CURRENT_TIME)
        services.plan_entry_add(
            plan=plan,
            by=rep,
            customer=owned(rep=rep, at=CURRENT_TIME),
            planned_on=NEXT_WEEK,
            method="phone",
            purpose="回访",
        )
        services.plan_submit(plan=plan, by=rep, now=CURRENT_TIME)
        for week in range(3):
            report = services.weekly_report_open(
                rep=rep,
                week_start=dt.date(2026, 11, 16) - dt.timedelta(days=7 * week),
                now=CURRENT_TIME,
            )
            services.weekly_report_save(
                report=report,
                by=rep,
                now=CURRENT_TIME,
                summary="s",
                problems="",
                next_focus="f",
                submit=True,
            )
        daily = services.daily_report_open(rep=rep, day=CURRENT_TIME.date(), now=CURRENT_TIME)
        services.daily_report_save(report=daily, by=rep, now=CURRENT_TIME, note="n", submit=True)
    return reps


@pytest.mark.rule("VISIT-9", "VISIT-10", "REPORT-1")
@pytest.mark.parametrize(
    ("who", "url", "params", "most"),
    [
        ("supervisor", "planning:plan_list", {}, 11),
        ("supervisor", "planning:report_list", {"status": "submitted"}, 11),
        ("supervisor", "planning:daily_list", {}, 11),
        ("supervisor", "planning:review_queue", {"tab": "weekly"}, 13),
        ("manager", "planning:review_queue", {"tab": "plans"}, 13),
        ("supervisor", "planning:targets", {}, 15),
        ("manager", "planning:home", {}, 9),
    ],
)
def test_list_pages_have_a_pinned_query_count(
    client_for,
    busy_team,
    supervisor,
    manager,
    frozen_now,
    django_assert_max_num_queries,
    who,
    url,
    params,
    most,
):
    client = client_for({"supervisor": supervisor, "manager": manager}[who])
    client.get(reverse(url), params)  # warm the session and permission caches
    with django_assert_max_num_queries(most):
        response = client.get(reverse(url), params)
    assert response.status_code == 200
    if "page" in response.context:
        assert len(response.context["page"].object_list) >= 12
    with django_assert_max_num_queries(most):
        client.get(reverse(url), {**params, "page": 2})


@pytest.mark.rule("VISIT-9", "VISIT-10", "REPORT-1")
def test_the_reps_overview_has_a_pinned_query_count(
    client_for, rep, org, frozen_now, django_assert_max_num_queries
):
    services.plan_open(rep=rep, week_start=NEXT_WEEK, now=frozen_now)
    client = client_for(rep)
    client.get(reverse("planning:home"))
    with django_assert_max_num_queries(13):
        page = client.get(reverse("planning:home"))
    assert b"Complete and submit it" in page.content


@pytest.mark.rule("VISIT-9")
def test_the_review_queue_shows_the_managers_plans_to_approve(
    client_for, busy_team, manager, supervisor, frozen_now
):
    page = client_for(manager).get(reverse("planning:review_queue"))
    assert page.context["tab"] == "plans"
    assert page.context["counts"]["plans"] == 12
    assert page.context["counts"]["weekly"] == 36
    supervisor_page = client_for(supervisor).get(reverse("planning:review_queue"))
    assert supervisor_page.context["tab"] == "weekly"
    assert b"Schedules to approve" not in supervisor_page.content


def keys(user):
    return [item["panel"].key for item in panels_for(user=user, now=CURRENT_TIME)]


@pytest.mark.rule("VISIT-9", "VISIT-10")
def test_the_dashboard_shows_plans_to_approve_and_reports_to_review(
    busy_team, manager, supervisor, rep, frozen_now
):
    panels = {p["panel"].key: p for p in panels_for(user=manager, now=CURRENT_TIME)}
    assert panels["plans_to_approve"]["count"] == 12
    assert panels["reports_to_review"]["count"] == 12 * 3 + 12
    panels = {p["panel"].key: p for p in panels_for(user=supervisor, now=CURRENT_TIME)}
    assert "plans_to_approve" not in panels
    assert panels["reports_to_review"]["count"] == 48
    assert "week_plan" in keys(rep)


@pytest.mark.rule("VISIT-9")
def test_the_reps_panel_says_how_next_weeks_schedule_stands(client_for, rep, org, frozen_now):
    client = client_for(rep)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Start the schedule" in page
    assert reverse("planning:plan_week", args=["2026-11-30"]) in page
    services.plan_open(rep=rep, week_start=NEXT_WEEK, now=frozen_now)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Complete and submit it" in page


@pytest.mark.rule("VISIT-9")
def test_panels_cost_at_most_two_queries_each(
    busy_team, manager, rep, frozen_now, django_assert_max_num_queries
):
    from crm.dashboard import all_panels

    mine = [
        p for p in all_panels() if p.key in {"week_plan", "plans_to_approve", "reports_to_review"}
    ]
    for user in (manager, rep):
        user.has_perm("x")  # permissions cached, as on the dashboard
        for panel in mine:
            panel.figures(user=user, now=frozen_now)  # rule parameters cached, as they are
            with django_assert_max_num_queries(2):
                panel.figures(user=user, now=frozen_now)


def test_the_menu_has_plans_for_reps_and_a_review_entry_for_leaders(
    rep, supervisor, manager, gm, org
):
    def entries(user):
        return {item["key"] for item in nav_for(user=user)}

    assert {"planning"} <= entries(rep)
    assert "planning_review" not in entries(rep)
    assert {"planning", "planning_review"} <= entries(supervisor)
    assert {"planning", "planning_review"} <= entries(manager)
    assert "planning" in entries(gm)
    doctor = UserFactory(roles=["service_doctor"])
    assert not {"planning", "planning_review"} & entries(doctor)


def test_every_page_renders_for_its_users(client_for, busy_team, rep, supervisor, frozen_now):
    client = client_for(supervisor)
    for name in (
        "planning:home",
        "planning:plan_list",
        "planning:report_list",
        "planning:daily_list",
        "planning:review_queue",
        "planning:targets",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    plan = WeeklyPlan.objects.first()
    assert client.get(reverse("planning:plan_detail", args=[plan.pk])).status_code == 200
    report = WeeklyReport.objects.first()
    assert client.get(reverse("planning:report_detail", args=[report.pk])).status_code == 200


def test_the_demo_loads_once(capsys):
    call_command("load_demo")
    counts = (
        WeeklyPlan.objects.count(),
        WeeklyReport.objects.count(),
        DailyReport.objects.count(),
        MonthlyTarget.objects.count(),
    )
    assert counts[0] == 4
    assert WeeklyPlan.objects.filter(status="submitted").count() == 1
    assert WeeklyPlan.objects.filter(status="returned").count() == 1
    assert counts[1] >= 2
    assert counts[3] == 2
    call_command("load_demo")
    assert (
        WeeklyPlan.objects.count(),
        WeeklyReport.objects.count(),
        DailyReport.objects.count(),
        MonthlyTarget.objects.count(),
    ) == counts
