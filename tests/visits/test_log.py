"""Logging a visit (VISIT-5, VISIT-6): the fields of the rule, the matching task closed
(late when after its due date), records append-only, corrections as new entries; a card
checked out for the visit records it (CARD-7)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from crm import roles
from customers.services.cards import card_return
from tests.conftest import CURRENT_TIME
from tests.customers.factories import CustomerFactory
from tests.customers.factories_cards import CheckoutFactory
from tests.factories import UserFactory
from tests.visits.factories import VisitTaskFactory, form_data, record_values
from visits.models import (
    AppendOnlyError,
    TaskSource,
    TaskStatus,
    VisitMethod,
    Visitor,
    VisitRecord,
    VisitTask,
)
from visits.services import visit_record_correct, visit_record_log

pytestmark = pytest.mark.django_db
NOW = CURRENT_TIME
TODAY = NOW.date()


@pytest.fixture
def customer(rep):
    return CustomerFactory(owner=rep, name="王秀英")


@pytest.mark.rule("VISIT-6")
def test_logging_from_a_task_closes_it_and_keeps_every_field(client_for, rep, customer, frozen_now):
    task = VisitTaskFactory(customer=customer, assignee=rep, due_on=TODAY)
    response = client_for(rep).post(
        reverse("visits:task_log", args=[task.pk]), form_data(method=VisitMethod.HOME), follow=True
    )
    assert "Visit logged. The visit due on" in response.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert not task.done_late
    record = VisitRecord.objects.get()
    assert (record.task, record.author, record.customer) == (task, rep, customer)
    assert record.method == VisitMethod.HOME
    assert record.met_whom == "王阿姨本人"
    assert record.discussed
    assert record.needs
    assert record.service_opinion
    assert record.next_step
    assert record.recorded_at == NOW


@pytest.mark.rule("VISIT-6")
def test_a_visit_after_the_due_date_closes_the_task_as_late(client_for, rep, customer, frozen_now):
    task = VisitTaskFactory(customer=customer, assignee=rep, due_on=TODAY - dt.timedelta(days=2))
    response = client_for(rep).post(
        reverse("visits:task_log", args=[task.pk]), form_data(), follow=True
    )
    assert "is closed, late" in response.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert task.done_late


@pytest.mark.rule("VISIT-6")
def test_a_visit_logged_from_the_customer_closes_the_earliest_task_due_soon(
    rep, customer, frozen_now
):
    later = VisitTaskFactory(customer=customer, assignee=rep, due_on=TODAY + dt.timedelta(days=30))
    soon = VisitTaskFactory(customer=customer, assignee=rep, due_on=TODAY + dt.timedelta(days=2))
    record = visit_record_log(customer=customer, by=rep, now=NOW, values=record_values())
    assert record.task == soon
    assert VisitTask.objects.get(pk=soon.pk).status == TaskStatus.DONE
    assert VisitTask.objects.get(pk=later.pk).status == TaskStatus.OPEN
    again = visit_record_log(customer=customer, by=rep, now=NOW, values=record_values())
    assert again.task is None  # a visit a month early does not count for that one


@pytest.mark.rule("VISIT-6")
def test_missing_fields_are_named_next_to_the_field_and_nothing_is_saved(
    client_for, rep, customer, frozen_now
):
    task = VisitTaskFactory(customer=customer, assignee=rep)
    data = form_data(discussed="  ", next_step="", met_whom="")
    response = client_for(rep).post(reverse("visits:task_log", args=[task.pk]), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"discussed", "next_step", "met_whom"}
    assert not VisitRecord.objects.exists()
    assert VisitTask.objects.get(pk=task.pk).status == TaskStatus.OPEN


@pytest.mark.rule("VISIT-6")
def test_a_visit_cannot_be_logged_in_the_future(rep, customer, frozen_now):
    with pytest.raises(ValidationError) as error:
        visit_record_log(
            customer=customer,
            by=rep,
            now=NOW,
            values=record_values(visited_at=NOW + dt.timedelta(hours=2)),
        )
    assert "visited_at" in error.value.message_dict


@pytest.mark.rule("VISIT-4", "VISIT-6")
def test_a_next_date_plans_the_next_visit(client_for, rep, customer, frozen_now):
    task = VisitTaskFactory(customer=customer, assignee=rep)
    next_on = TODAY + dt.timedelta(days=5)
    response = client_for(rep).post(
        reverse("visits:task_log", args=[task.pk]), form_data(next_on=next_on), follow=True
    )
    assert "Next visit planned for" in response.content.decode()
    follow_up = VisitTask.objects.get(status=TaskStatus.OPEN)
    assert follow_up.source == TaskSource.ADHOC
    assert follow_up.rule is None
    assert (follow_up.due_on, follow_up.assignee) == (next_on, rep)
    assert follow_up.from_record == VisitRecord.objects.get()
    assert follow_up.purpose == "下周上门测血压"


@pytest.mark.rule("VISIT-6")
def test_the_next_date_must_come_after_the_visit(rep, customer, frozen_now):
    with pytest.raises(ValidationError) as error:
        visit_record_log(customer=customer, by=rep, now=NOW, values=record_values(), next_on=TODAY)
    assert "next_on" in error.value.message_dict


@pytest.mark.rule("VISIT-5")
def test_a_rep_visits_by_phone_and_in_person_and_a_doctor_mainly_by_phone(
    client_for, rep, doctor, customer, frozen_now
):
    for method in (VisitMethod.PHONE, VisitMethod.HOME, VisitMethod.STORE, VisitMethod.OTHER):
        visit_record_log(customer=customer, by=rep, now=NOW, values=record_values(method=method))
    assert set(VisitRecord.objects.values_list("method", flat=True)) == set(VisitMethod.values)
    # The form offers the phone first for everyone.
    task = VisitTaskFactory(customer=customer, assignee=doctor, visitor=Visitor.DOCTOR)
    response = client_for(doctor).get(reverse("visits:task_log", args=[task.pk]))
    assert response.context["form"]["method"].initial == VisitMethod.PHONE
    visit_record_log(customer=customer, by=doctor, now=NOW, values=record_values(), task=task)
    assert VisitTask.objects.get(pk=task.pk).status == TaskStatus.DONE


@pytest.mark.rule("VISIT-6")
def test_another_reps_task_answers_404(client_for, rep, rep2, frozen_now):
    task = VisitTaskFactory(assignee=rep2)
    client = client_for(rep)
    assert client.get(reverse("visits:task_log", args=[task.pk])).status_code == 404
    assert client.post(reverse("visits:task_log", args=[task.pk]), form_data()).status_code == 404
    assert client.get(reverse("visits:customer_log", args=[task.customer_id])).status_code == 200
    owned = CustomerFactory(owner=rep2)
    assert client.get(reverse("visits:customer_log", args=[owned.pk])).status_code == 404


@pytest.mark.rule("VISIT-6")
def test_records_are_never_edited_or_deleted(rep, customer, frozen_now):
    record = visit_record_log(customer=customer, by=rep, now=NOW, values=record_values())
    record.discussed = "改写"
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    assert VisitRecord.objects.get().discussed == "询问灵芝孢子粉的服用情况"


@pytest.mark.rule("VISIT-6")
def test_the_admin_shows_records_but_cannot_change_or_delete_them(
    client_for, admin_user, rep, customer, frozen_now
):
    record = visit_record_log(customer=customer, by=rep, now=NOW, values=record_values())
    client = client_for(admin_user)
    change = client.get(f"/admin/visits/visitrecord/{record.pk}/change/")
    assert change.status_code == 200
    assert b'name="discussed"' not in change.content
    assert client.post(f"/admin/visits/visitrecord/{record.pk}/delete/").status_code == 403
    assert client.get("/admin/visits/visitrecord/add/").status_code == 403
    assert VisitRecord.objects.count() == 1


@pytest.mark.rule("VISIT-6")
def test_a_correction_is_a_new_entry_and_the_old_one_shows_corrected_by(
    client_for, rep, customer, frozen_now
):
    record = visit_record_log(customer=customer, by=rep, now=NOW, values=record_values())
    client = client_for(rep)
    response = client.post(
        reverse("visits:record_correct", args=[record.pk]),
        form_data(discussed="询问服用情况，并测了血压"),
        follow=True,
    )
    assert "Correction saved" in response.content.decode()
    correction = VisitRecord.objects.get(corrects=record)
    assert correction.discussed == "询问服用情况，并测了血压"
    assert VisitRecord.objects.get(pk=record.pk).discussed == "询问灵芝孢子粉的服用情况"
    old_page = client.get(reverse("visits:record_detail", args=[record.pk])).content.decode()
    assert "Corrected by" in old_page
    assert f"#{correction.pk}" in old_page
    customer_page = client.get(reverse("visits:customer_panel", args=[customer.pk]))
    assert f"Corrected by #{correction.pk}" in customer_page.content.decode()
    # The old version cannot be corrected a second time; the correction can.
    with pytest.raises(ValidationError):
        visit_record_correct(record=record, by=rep, now=NOW, values=record_values())
    visit_record_correct(record=correction, by=rep, now=NOW, values=record_values())


@pytest.mark.rule("VISIT-6")
def test_only_the_visitor_corrects_their_record(
    client_for, rep, supervisor, team, customer, frozen_now
):
    record = visit_record_log(customer=customer, by=rep, now=NOW, values=record_values())
    client = client_for(supervisor)
    assert client.get(reverse("visits:record_detail", args=[record.pk])).status_code == 200
    assert client.get(reverse("visits:record_correct", args=[record.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        visit_record_correct(record=record, by=supervisor, now=NOW, values=record_values())
    outsider = UserFactory(roles=[roles.REP])
    assert (
        client_for(outsider).get(reverse("visits:record_detail", args=[record.pk])).status_code
        == 404
    )


@pytest.mark.rule("CARD-7")
def test_a_visit_with_the_card_checked_out_is_recorded_on_the_check_out(
    client_for, rep, doctor, frozen_now
):
    checkout = CheckoutFactory(card__custodian=doctor, card__attendance__rep=rep, holder=rep)
    customer = checkout.card.customer
    client = client_for(rep)
    form = client.get(reverse("visits:customer_log", args=[customer.pk])).content.decode()
    assert "the visit is recorded on it" in form
    response = client.post(
        reverse("visits:customer_log", args=[customer.pk]), form_data(method="home"), follow=True
    )
    assert "Recorded on the archive card you checked out" in response.content.decode()
    record = VisitRecord.objects.get()
    assert record.checkout == checkout
    assert list(checkout.visit_records.all()) == [record]

    # The card's return closes the check-out; a later visit is no longer recorded on it.
    card_return(checkout=checkout, by=doctor, now=NOW + dt.timedelta(hours=3))
    later = visit_record_log(
        customer=customer,
        by=rep,
        now=NOW + dt.timedelta(hours=4),
        values=record_values(visited_at=NOW + dt.timedelta(hours=4)),
    )
    assert later.checkout is None
    page = client.get(reverse("visits:record_detail", args=[record.pk])).content.decode()
    assert '<code class="why-rule">CARD-7</code>' in page
