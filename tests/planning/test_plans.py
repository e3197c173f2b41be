"""The weekly revisit schedule (VISIT-9): drafted from the visit tasks, submitted by Sunday
to the sales manager of the rep's department, approved or returned, revised, kept."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from crm.models import Notification
from planning import services
from planning.models import PlanAction, PlanEntry, PlanStatus, WeeklyPlan
from planning.selectors import plan_reviewer_for
from tests.conftest import CURRENT_TIME
from tests.customers.factories import CustomerFactory
from tests.planning.factories import owned, visit_task

pytestmark = pytest.mark.django_db

THIS_WEEK = dt.date(2026, 11, 23)  # CURRENT_TIME is this Monday
NEXT_WEEK = dt.date(2026, 11, 30)


def draft(rep, *, week=NEXT_WEEK, now=CURRENT_TIME, visits=1):
    """A schedule with `visits` visits on the rep's own customers."""
    plan = services.plan_open(rep=rep, week_start=week, now=now)
    for i in range(visits):
        services.plan_entry_add(
            plan=plan,
            by=rep,
            customer=owned(rep=rep, at=now - dt.timedelta(days=30), name=f"客户{i}"),
            planned_on=week + dt.timedelta(days=i % 7),
            method="phone",
            purpose="了解产品使用情况",
        )
    return plan


# Drafting ---------------------------------------------------------------------------


@pytest.mark.rule("VISIT-9")
def test_a_new_schedule_starts_with_the_reps_open_visit_tasks_due_that_week(
    rep, rep2, org, frozen_now
):
    mine = owned(rep=rep, at=frozen_now, name="王秀英")
    theirs = owned(rep=rep2, at=frozen_now, name="别人的")
    visit_task(customer=mine, assignee=rep, due_on=NEXT_WEEK + dt.timedelta(days=2))
    visit_task(customer=mine, assignee=rep, due_on=NEXT_WEEK + dt.timedelta(days=7))  # later
    visit_task(customer=mine, assignee=rep, due_on=THIS_WEEK, status="done")
    visit_task(customer=mine, assignee=rep, due_on=NEXT_WEEK, status="superseded")
    visit_task(customer=theirs, assignee=rep2, due_on=NEXT_WEEK)
    visit_task(customer=theirs, assignee=rep, due_on=NEXT_WEEK)  # not the rep's customer

    plan = services.plan_open(rep=rep, week_start=NEXT_WEEK, now=frozen_now)

    entries = list(plan.entries.all())
    assert [(e.customer, e.planned_on) for e in entries] == [
        (mine, NEXT_WEEK + dt.timedelta(days=2))
    ]
    assert entries[0].task_id is not None
    assert entries[0].purpose == "了解产品使用情况"


@pytest.mark.rule("VISIT-9")
def test_adding_open_tasks_again_adds_only_the_new_ones(client_for, rep, org, frozen_now):
    customer = owned(rep=rep, at=frozen_now)
    visit_task(customer=customer, assignee=rep, due_on=NEXT_WEEK)
    plan = services.plan_open(rep=rep, week_start=NEXT_WEEK, now=frozen_now)
    visit_task(customer=customer, assignee=rep, due_on=NEXT_WEEK + dt.timedelta(days=4))

    client = client_for(rep)
    client.post(reverse("planning:plan_fill", args=[plan.pk]))
    client.post(reverse("planning:plan_fill", args=[plan.pk]))

    assert plan.entries.count() == 2


@pytest.mark.rule("VISIT-9")
def test_a_rep_plans_only_own_customers_on_days_of_that_week(
    client_for, rep, rep2, org, frozen_now
):
    plan = services.plan_open(rep=rep, week_start=NEXT_WEEK, now=frozen_now)
    theirs = owned(rep=rep2, at=frozen_now, name="别人的客户")
    pool = CustomerFactory(name="池中客户")
    mine = owned(rep=rep, at=frozen_now, name="自己的客户")
    url = reverse("planning:plan_entry_add", args=[plan.pk])
    client = client_for(rep)

    page = client.get(url).content.decode()
    assert "自己的客户" in page
    assert "别人的客户" not in page
    assert "池中客户" not in page

    for customer in (theirs, pool):
        response = client.post(
            url,
            {"customer": customer.pk, "planned_on": "2026-12-01", "method": "home", "purpose": "x"},
        )
        assert response.status_code == 200
        assert response.context["form"].errors["customer"]
    response = client.post(
        url, {"customer": mine.pk, "planned_on": "2026-12-07", "method": "home", "purpose": "x"}
    )
    assert "planned_on" in response.context["form"].errors
    assert not plan.entries.exists()

    response = client.post(
        url,
        {"customer": mine.pk, "planned_on": "2026-12-01", "method": "home", "purpose": "送产品"},
    )
    assert response.status_code == 302
    entry = plan.entries.get()
    assert (entry.customer, entry.planned_on, entry.method) == (mine, dt.date(2026, 12, 1), "home")


@pytest.mark.rule("VISIT-9")
def test_the_service_refuses_a_customer_that_is_not_the_reps(rep, rep2, org, frozen_now):
    plan = services.plan_open(rep=rep, week_start=NEXT_WEEK, now=frozen_now)
    with pytest.raises(ValidationError) as caught:
        services.plan_entry_add(
            plan=plan,
            by=rep,
            customer=owned(rep=rep2, at=frozen_now),
            planned_on=NEXT_WEEK,
            method="phone",
            purpose="x",
        )
    assert "customer" in caught.value.error_dict


@pytest.mark.rule("VISIT-9")
def test_a_rep_plans_this_week_and_next_only(rep, org, frozen_now):
    assert services.plan_open(rep=rep, week_start=THIS_WEEK, now=frozen_now)
    for week in (THIS_WEEK - dt.timedelta(days=7), NEXT_WEEK + dt.timedelta(days=7)):
        with pytest.raises(ValidationError):
            services.plan_open(rep=rep, week_start=week, now=frozen_now)


@pytest.mark.rule("VISIT-9")
def test_how_far_ahead_a_rep_may_plan_is_a_parameter(rep, org, frozen_now, set_param):
    set_param("planning.plan_weeks_ahead", 2)
    week = NEXT_WEEK + dt.timedelta(days=7)
    assert services.plan_open(rep=rep, week_start=week, now=frozen_now).week_start == week


@pytest.mark.rule("VISIT-9")
def test_one_schedule_per_rep_and_week(rep, org, frozen_now):
    first = services.plan_open(rep=rep, week_start=NEXT_WEEK, now=frozen_now)
    assert services.plan_open(rep=rep, week_start=NEXT_WEEK, now=frozen_now) == first
    with pytest.raises(IntegrityError), transaction.atomic():
        WeeklyPlan.objects.create(rep=rep, week_start=NEXT_WEEK, created_at=frozen_now)


@pytest.mark.rule("VISIT-9")
def test_the_rep_starts_next_weeks_schedule_from_the_page(client_for, rep, org, frozen_now):
    client = client_for(rep)
    url = reverse("planning:plan_week", args=["2026-11-30"])
    assert client.get(url).status_code == 200
    assert not WeeklyPlan.objects.exists()
    response = client.post(url)
    plan = WeeklyPlan.objects.get()
    assert response["Location"] == reverse("planning:plan_detail", args=[plan.pk])
    assert client.get(url)["Location"] == reverse("planning:plan_detail", args=[plan.pk])
    assert client.get(reverse("planning:plan_week", args=["2026-12-01"])).status_code == 404


# Submitting -------------------------------------------------------------------------


@pytest.mark.rule("VISIT-9")
def test_submitting_sends_the_schedule_to_the_sales_manager_of_the_reps_department(
    client_for, rep, manager, supervisor, org, frozen_now
):
    plan = draft(rep, visits=2)
    response = client_for(rep).post(reverse("planning:plan_submit", args=[plan.pk]), follow=True)
    assert b"The schedule went to the sales manager." in response.content

    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert plan.reviewer == manager  # not the team's supervisor
    assert not plan.submitted_late
    notice = Notification.objects.get(user=manager)
    assert notice.rule == "VISIT-9"
    assert notice.url == reverse("planning:plan_detail", args=[plan.pk])
    assert not Notification.objects.filter(user=supervisor).exists()


@pytest.mark.rule("VISIT-9")
def test_a_schedule_submitted_by_sunday_night_is_in_time(rep, org):
    plan = draft(rep)
    sunday = dt.datetime(2026, 11, 29, 23, 59, 30, tzinfo=CURRENT_TIME.tzinfo)
    plan = services.plan_submit(plan=plan, by=rep, now=sunday)
    assert not plan.submitted_late
    assert plan.lateness == {}


@pytest.mark.rule("VISIT-9")
def test_a_schedule_submitted_after_sunday_is_recorded_as_late_with_the_rule(client_for, rep, org):
    plan = draft(rep)
    monday = dt.datetime(2026, 11, 30, 0, 5, tzinfo=CURRENT_TIME.tzinfo)
    with time_machine.travel(monday, tick=False):
        response = client_for(rep).post(
            reverse("planning:plan_submit", args=[plan.pk]), follow=True
        )
    assert b"recorded as late" in response.content
    plan.refresh_from_db()
    assert plan.submitted_late
    assert plan.lateness == {
        "VISIT-9": {
            "planning.plan_deadline_weekday": 7,
            "planning.plan_deadline_time": "23:59",
            "due": "2026-11-29 23:59",
            "submitted": "2026-11-30 00:05",
        }
    }
    assert plan.events.get().late
    page = client_for(rep).get(reverse("planning:plan_detail", args=[plan.pk])).content.decode()
    assert "Submitted late: due 2026-11-29 23:59" in page


@pytest.mark.rule("VISIT-9")
def test_the_deadline_day_and_time_are_parameters(rep, org, set_param):
    set_param("planning.plan_deadline_weekday", 5)  # Friday
    set_param("planning.plan_deadline_time", "18:00")
    plan = draft(rep)
    friday_evening = dt.datetime(2026, 11, 27, 18, 1, tzinfo=CURRENT_TIME.tzinfo)
    plan = services.plan_submit(plan=plan, by=rep, now=friday_evening)
    assert plan.submitted_late
    assert plan.lateness["VISIT-9"]["due"] == "2026-11-27 18:00"
    assert plan.lateness["VISIT-9"]["planning.plan_deadline_weekday"] == 5


@pytest.mark.rule("VISIT-9")
def test_a_mistyped_deadline_time_falls_back_to_the_default(rep, org, set_param):
    set_param("planning.plan_deadline_time", "late evening")
    plan = services.plan_submit(plan=draft(rep), by=rep, now=CURRENT_TIME)
    assert plan.status == PlanStatus.SUBMITTED
    assert not plan.submitted_late


@pytest.mark.rule("VISIT-9")
def test_an_empty_schedule_cannot_be_submitted(client_for, rep, org, frozen_now):
    plan = services.plan_open(rep=rep, week_start=NEXT_WEEK, now=frozen_now)
    response = client_for(rep).post(reverse("planning:plan_submit", args=[plan.pk]), follow=True)
    assert b"Add at least one visit" in response.content
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


@pytest.mark.rule("VISIT-9")
def test_a_customer_who_left_the_rep_must_be_removed_before_submitting(rep, rep2, org, frozen_now):
    from pools.models import OwnershipReason
    from pools.services import ownership_set

    plan = draft(rep)
    entry = plan.entries.get()
    ownership_set(
        customer=entry.customer, owner=rep2, reason=OwnershipReason.TRANSFER, now=frozen_now
    )
    with pytest.raises(ValidationError, match="no longer yours"):
        services.plan_submit(plan=plan, by=rep, now=frozen_now)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


@pytest.mark.rule("VISIT-9")
def test_without_a_sales_manager_above_the_team_the_schedule_is_refused_clearly(
    client_for, rep, org, frozen_now
):
    org["department"].leader = None
    org["department"].save()
    plan = draft(rep)
    response = client_for(rep).post(reverse("planning:plan_submit", args=[plan.pk]), follow=True)
    assert b"Nobody can approve your schedule" in response.content
    assert WeeklyPlan.objects.get().status == PlanStatus.DRAFT


def test_the_reviewer_is_the_nearest_leader_above_who_may_approve(rep, rep2, manager, org):
    assert plan_reviewer_for(rep=rep) == manager  # the supervisor cannot approve
    assert plan_reviewer_for(rep=rep2) == manager  # a team without a supervisor
    assert plan_reviewer_for(rep=manager) is None  # nobody above the manager


@pytest.mark.rule("VISIT-9")
def test_a_submitted_schedule_cannot_change(client_for, rep, org, frozen_now):
    plan = services.plan_submit(plan=draft(rep), by=rep, now=frozen_now)
    entry = plan.entries.get()
    with pytest.raises(ValidationError):
        services.plan_entry_remove(entry=entry, by=rep)
    client = client_for(rep)
    client.post(reverse("planning:plan_entry_remove", args=[plan.pk, entry.pk]))
    assert plan.entries.count() == 1
    page = client.get(reverse("planning:plan_detail", args=[plan.pk])).content.decode()
    assert "Add a visit" not in page
    assert "Remove" not in page


# Deciding ---------------------------------------------------------------------------


@pytest.mark.rule("VISIT-9")
def test_the_manager_approves_and_the_rep_is_told(client_for, rep, manager, org, frozen_now):
    plan = services.plan_submit(plan=draft(rep), by=rep, now=frozen_now)
    response = client_for(manager).post(
        reverse("planning:plan_decide", args=[plan.pk]), {"decision": "approve", "comment": ""}
    )
    assert response["Location"] == reverse("planning:review_queue")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.decided_by == manager
    assert Notification.objects.filter(user=rep, rule="VISIT-9", kind="planning.plan_approved")


@pytest.mark.rule("VISIT-9")
def test_returning_needs_a_comment_next_to_the_field(client_for, rep, manager, org, frozen_now):
    plan = services.plan_submit(plan=draft(rep), by=rep, now=frozen_now)
    response = client_for(manager).post(
        reverse("planning:plan_decide", args=[plan.pk]), {"decision": "return", "comment": " "}
    )
    assert response.status_code == 200
    assert response.context["decision_form"].errors["comment"]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


@pytest.mark.rule("VISIT-9")
def test_a_returned_schedule_goes_back_to_the_rep_with_a_plan_returned_notice(
    client_for, rep, manager, org, frozen_now
):
    plan = services.plan_submit(plan=draft(rep), by=rep, now=frozen_now)
    client_for(manager).post(
        reverse("planning:plan_decide", args=[plan.pk]),
        {"decision": "return", "comment": "周三安排一次上门"},
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED
    notice = Notification.objects.get(user=rep)
    assert notice.words.startswith("Your revisit schedule for the week of")
    assert "returned" in notice.words
    assert "周三安排一次上门" in notice.words
    assert notice.url == reverse("planning:plan_detail", args=[plan.pk])
    page = client_for(rep).get(notice.url).content.decode()
    assert "周三安排一次上门" in page
    assert "Submit again" in page


@pytest.mark.rule("VISIT-9")
def test_the_rep_revises_and_resubmits_and_the_history_is_kept(rep, manager, org, frozen_now):
    plan = services.plan_submit(plan=draft(rep), by=rep, now=frozen_now)
    services.plan_return(plan=plan, by=manager, now=frozen_now, comment="加一次上门")
    services.plan_entry_add(
        plan=plan,
        by=rep,
        customer=owned(rep=rep, at=frozen_now, name="新增客户"),
        planned_on=NEXT_WEEK + dt.timedelta(days=2),
        method="home",
        purpose="上门送货",
    )
    later = frozen_now + dt.timedelta(days=7)  # after the deadline: judged by the first one
    plan = services.plan_submit(plan=plan, by=rep, now=later)
    assert not plan.submitted_late
    plan = services.plan_approve(plan=plan, by=manager, now=later)

    events = list(plan.events.order_by("at", "pk"))
    assert [e.action for e in events] == [
        PlanAction.SUBMITTED,
        PlanAction.RETURNED,
        PlanAction.RESUBMITTED,
        PlanAction.APPROVED,
    ]
    assert len(events[0].entries) == 1  # what the manager saw the first time
    assert len(events[2].entries) == 2
    assert events[1].comment == "加一次上门"
    assert plan.history.count() >= 4


@pytest.mark.rule("VISIT-9")
def test_a_supervisor_reads_the_teams_schedule_but_cannot_approve_it(
    client_for, rep, supervisor, org, frozen_now
):
    plan = services.plan_submit(plan=draft(rep), by=rep, now=frozen_now)
    client = client_for(supervisor)
    page = client.get(reverse("planning:plan_detail", args=[plan.pk])).content.decode()
    assert "Approve" not in page
    response = client.post(reverse("planning:plan_decide", args=[plan.pk]), {"decision": "approve"})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        services.plan_approve(plan=plan, by=supervisor, now=frozen_now)


@pytest.mark.rule("VISIT-9")
def test_a_manager_cannot_decide_twice(rep, manager, org, frozen_now):
    plan = services.plan_submit(plan=draft(rep), by=rep, now=frozen_now)
    services.plan_approve(plan=plan, by=manager, now=frozen_now)
    with pytest.raises(ValidationError, match="not waiting for your decision"):
        services.plan_return(plan=plan, by=manager, now=frozen_now, comment="x")


def test_entries_keep_their_task_once(rep, org, frozen_now):
    plan = services.plan_open(rep=rep, week_start=NEXT_WEEK, now=frozen_now)
    customer = owned(rep=rep, at=frozen_now)
    PlanEntry.objects.create(
        plan=plan, customer=customer, planned_on=NEXT_WEEK, method="phone", purpose="x", task_id=7
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanEntry.objects.create(
            plan=plan,
            customer=customer,
            planned_on=NEXT_WEEK,
            method="phone",
            purpose="y",
            task_id=7,
        )
