"""VISIT-4: reps and managers plan visits by hand (a task with no rule); VISIT-3: a doctor
visits a non-buyer only when a rep or a manager asks."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.conftest import CURRENT_TIME
from tests.customers.factories import CustomerFactory
from tests.factories import TeamFactory
from visits.models import TaskSource, Visitor, VisitTask
from visits.services import visit_task_plan

pytestmark = pytest.mark.django_db
NOW = CURRENT_TIME
TODAY = NOW.date()


@pytest.mark.rule("VISIT-4")
def test_a_rep_plans_a_visit_of_their_own(client_for, rep, frozen_now):
    customer = CustomerFactory(owner=rep)
    response = client_for(rep).post(
        reverse("visits:customer_plan", args=[customer.pk]),
        {"assignee": rep.pk, "due_on": "2026-11-26", "planned_method": "home", "purpose": "送产品"},
        follow=True,
    )
    assert "Visit planned for" in response.content.decode()
    task = VisitTask.objects.get()
    assert (task.source, task.rule, task.created_by, task.assignee) == (
        TaskSource.ADHOC,
        None,
        rep,
        rep,
    )
    assert task.visitor == Visitor.REP
    assert task.planned_method == "home"


@pytest.mark.rule("VISIT-3", "VISIT-4")
def test_a_rep_asks_a_doctor_to_visit_a_non_buyer(client_for, rep, doctor, frozen_now):
    customer = CustomerFactory(owner=rep)
    client_for(rep).post(
        reverse("visits:customer_plan", args=[customer.pk]),
        {"assignee": doctor.pk, "due_on": "2026-11-27", "purpose": "请医生讲解高血压饮食"},
    )
    task = VisitTask.objects.get()
    assert (task.assignee, task.visitor, task.created_by) == (doctor, Visitor.DOCTOR, rep)
    page = client_for(doctor).get(reverse("visits:task_list")).content.decode()
    assert "请医生讲解高血压饮食" in page
    assert "Planned by" in page


@pytest.mark.rule("SEAL-2", "VISIT-4")
def test_the_doctor_asked_to_visit_opens_the_customer_and_no_other(
    client_for, rep, doctor, frozen_now
):
    customer = CustomerFactory(owner=rep, name="刘凤英")
    other = CustomerFactory(owner=rep, name="赵德明")
    doctor_client = client_for(doctor)
    detail = reverse("customers:customer_detail", args=[customer.pk])
    assert doctor_client.get(detail).status_code == 404
    task = visit_task_plan(
        customer=customer,
        by=rep,
        assignee=doctor,
        due_on=TODAY,
        now=NOW,
        purpose="请医生讲解高血压饮食",
    )
    # The task's page links to the customer, and the link opens (the phone, the address).
    assert detail in doctor_client.get(reverse("visits:task_list")).content.decode()
    assert doctor_client.get(detail).status_code == 200
    assert (
        doctor_client.get(reverse("customers:customer_detail", args=[other.pk])).status_code == 404
    )
    # A cancelled task (the customer went back to the pool) gives nothing.
    VisitTask.objects.filter(pk=task.pk).update(status="cancelled")
    assert doctor_client.get(detail).status_code == 404


@pytest.mark.rule("VISIT-4")
def test_a_manager_plans_a_visit_for_the_customers_rep(manager, rep, supervisor, team, frozen_now):
    TeamFactory(name="销售部", leader=manager).children.add(team)
    customer = CustomerFactory(owner=rep)
    task = visit_task_plan(
        customer=customer, by=manager, assignee=rep, due_on=TODAY, now=NOW, purpose="邀请参加联谊会"
    )
    assert (task.assignee, task.created_by) == (rep, manager)


@pytest.mark.rule("VISIT-4")
def test_a_rep_cannot_plan_for_another_rep_nor_in_the_past(rep, rep2, frozen_now):
    customer = CustomerFactory(owner=rep)
    with pytest.raises(ValidationError) as error:
        visit_task_plan(
            customer=customer, by=rep, assignee=rep2, due_on=TODAY, now=NOW, purpose="x"
        )
    assert "assignee" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        visit_task_plan(
            customer=customer,
            by=rep,
            assignee=rep,
            due_on=TODAY - dt.timedelta(days=1),
            now=NOW,
            purpose="x",
        )
    assert "due_on" in error.value.message_dict


@pytest.mark.rule("VISIT-4")
def test_planning_needs_a_purpose_and_says_so_next_to_the_field(client_for, rep, frozen_now):
    customer = CustomerFactory(owner=rep)
    response = client_for(rep).post(
        reverse("visits:customer_plan", args=[customer.pk]),
        {"assignee": rep.pk, "due_on": "2026-11-20", "purpose": ""},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"purpose"}
    assert not VisitTask.objects.exists()
