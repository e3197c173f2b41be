"""Weekly call plans and the Friday review (TEL-3)."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from telesales.models import CallPlan, Grade
from telesales.services.reports import call_plan_review, call_plan_set
from tests.telesales.factories import graded, log

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 11, 23)  # the week of CURRENT_TIME
TARGETS = {
    "target_calls": 500,
    "target_valid_calls": 200,
    "target_companies": 250,
    "target_a": 1,
    "target_b": 3,
}
PLANS = reverse("telesales:plan_list")


def plan_url(rep, week=MONDAY) -> str:
    return reverse("telesales:plan_edit", args=[rep.pk, week])


def review_url(rep, week=MONDAY) -> str:
    return reverse("telesales:plan_review", args=[rep.pk, week])


@pytest.mark.rule("TEL-3")
def test_the_supervisor_sets_a_reps_weekly_plan_on_the_page(
    client_for, supervisor, seller, frozen_now
):
    client = client_for(supervisor)
    form = client.get(plan_url(seller)).context["form"]
    assert form.initial["target_calls"] == 600  # telesales.plan_calls
    response = client.post(plan_url(seller), {**TARGETS, "target_valid_calls": 600})
    assert "Valid calls cannot be more than the calls planned." in response.content.decode()
    response = client.post(plan_url(seller), TARGETS)
    assert response.status_code == 302
    plan = CallPlan.objects.get()
    assert (plan.rep, plan.week_start, plan.set_by) == (seller, MONDAY, supervisor)
    assert plan.target_companies == 250


@pytest.mark.rule("TEL-3")
def test_the_telesales_rep_reads_their_plan_but_cannot_set_it(
    client_for, seller, supervisor, frozen_now
):
    call_plan_set(rep=seller, week_start=MONDAY, targets=TARGETS, by=supervisor, now=frozen_now)
    client = client_for(seller)
    page = client.get(PLANS).content.decode()
    assert "/ 250" in page
    assert client.get(plan_url(seller)).context["form"] is None
    assert client.post(plan_url(seller), TARGETS).status_code == 404


@pytest.mark.rule("TEL-3")
def test_a_new_plan_proposes_the_reps_last_one(supervisor, seller, frozen_now):
    from telesales.selectors.reports import plan_defaults

    call_plan_set(rep=seller, week_start=MONDAY, targets=TARGETS, by=supervisor, now=frozen_now)
    assert plan_defaults(rep=seller, week_start=MONDAY + dt.timedelta(days=7)) == TARGETS


@pytest.mark.rule("TEL-3")
def test_a_past_week_or_a_day_that_is_not_a_monday_gets_no_plan(supervisor, seller, frozen_now):
    with pytest.raises(ValidationError, match="over"):
        call_plan_set(
            rep=seller,
            week_start=MONDAY - dt.timedelta(days=7),
            targets=TARGETS,
            by=supervisor,
            now=frozen_now,
        )
    with pytest.raises(ValidationError, match="Monday"):
        call_plan_set(
            rep=seller,
            week_start=MONDAY + dt.timedelta(days=1),
            targets=TARGETS,
            by=supervisor,
            now=frozen_now,
        )


@pytest.mark.rule("TEL-3")
def test_the_review_waits_for_friday(supervisor, seller, frozen_now):
    plan = call_plan_set(
        rep=seller, week_start=MONDAY, targets=TARGETS, by=supervisor, now=frozen_now
    )
    thursday = frozen_now + dt.timedelta(days=3)
    with pytest.raises(ValidationError, match="reviewed from"):
        call_plan_review(plan=plan, comment="好", by=supervisor, now=thursday)
    call_plan_review(plan=plan, comment="好", by=supervisor, now=thursday + dt.timedelta(days=1))


@pytest.mark.rule("TEL-3")
def test_an_admin_may_move_the_review_day(supervisor, seller, frozen_now, set_param):
    set_param("telesales.review_weekday", 4)
    plan = call_plan_set(
        rep=seller, week_start=MONDAY, targets=TARGETS, by=supervisor, now=frozen_now
    )
    call_plan_review(plan=plan, comment="好", by=supervisor, now=frozen_now + dt.timedelta(days=3))


@pytest.mark.rule("TEL-3", "TEL-4")
def test_friday_review_compares_companies_called_and_ab_prospects_with_the_plan(
    client_for, supervisor, seller, rep, frozen_now
):
    call_plan_set(rep=seller, week_start=MONDAY, targets=TARGETS, by=supervisor, now=frozen_now)
    log(seller)
    log(seller, now=frozen_now + dt.timedelta(days=1))  # same company again
    log(seller, organisation="顺达物流", phone="01082310002", headcount=None)
    graded(owner=seller, field_rep=rep, grader=supervisor, grade=Grade.A)
    graded(
        owner=seller,
        field_rep=rep,
        grader=supervisor,
        grade=Grade.B,
        organisation="博雅培训",
        phone="13710010006",
    )
    friday = frozen_now + dt.timedelta(days=4, hours=8)
    with time_machine.travel(friday, tick=False):
        client = client_for(supervisor)
        row = client.get(PLANS).context["rows"][0]
        assert row.figures == {"calls": 5, "valid": 4, "companies": 4, "a": 1, "b": 1}
        response = client.post(review_url(seller), {"review_comment": "A类达标，B类还差两个。"})
        assert response.status_code == 302
    plan = CallPlan.objects.get()
    assert plan.reviewed_by == supervisor
    assert plan.review_figures == {"calls": 5, "valid": 4, "companies": 4, "a": 1, "b": 1}
    page = client_for(seller).get(plan_url(seller)).content.decode()
    assert "A类达标，B类还差两个。" in page


@pytest.mark.rule("TEL-3")
def test_a_reviewed_plan_no_longer_changes(supervisor, seller, frozen_now):
    plan = call_plan_set(
        rep=seller, week_start=MONDAY, targets=TARGETS, by=supervisor, now=frozen_now
    )
    call_plan_review(plan=plan, comment="好", by=supervisor, now=frozen_now + dt.timedelta(days=4))
    with pytest.raises(ValidationError, match="reviewed"):
        call_plan_set(
            rep=seller,
            week_start=MONDAY,
            targets=TARGETS,
            by=supervisor,
            now=frozen_now + dt.timedelta(days=4),
        )


@pytest.mark.rule("TEL-3")
def test_reviewing_on_the_page_before_friday_is_refused_with_the_day(
    client_for, supervisor, seller, frozen_now
):
    call_plan_set(rep=seller, week_start=MONDAY, targets=TARGETS, by=supervisor, now=frozen_now)
    client = client_for(supervisor)
    response = client.post(review_url(seller), {"review_comment": "好"})
    assert "The week is reviewed from" in response.content.decode()
    assert CallPlan.objects.get().reviewed_at is None


@pytest.mark.rule("TEL-3", "SEAL-2")
def test_another_teams_supervisor_cannot_plan_or_review_this_rep(
    client_for, seller, other_supervisor, frozen_now
):
    client = client_for(other_supervisor)
    assert client.get(plan_url(seller)).status_code == 404
    assert client.post(plan_url(seller), TARGETS).status_code == 404
    assert seller not in [row.rep for row in client.get(PLANS).context["rows"]]


def test_the_plan_list_has_a_pinned_query_count(
    client_for, manager, supervisor, make_user, frozen_now, django_assert_max_num_queries
):
    from crm import roles

    for i in range(30):
        user = make_user(roles.TELESALES, username=f"tel{i}")
        call_plan_set(rep=user, week_start=MONDAY, targets=TARGETS, by=supervisor, now=frozen_now)
        log(user, organisation=f"公司{i}", phone=f"010823{i:05d}")
    client = client_for(manager)
    with django_assert_max_num_queries(11):
        response = client.get(PLANS)
    assert len(response.context["rows"]) == 25
    with django_assert_max_num_queries(11):
        client.get(PLANS, {"page": 2})
