"""Answering a case (SVC-1): never closed without the answer; nobody refuses a case."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse

from crm import roles
from service.models import Case, CaseEvent, CaseEventKind, CaseStatus
from service.services.cases import case_answer
from tests.customers.factories import CustomerFactory
from tests.service.factories import log_case

pytestmark = pytest.mark.django_db


@pytest.mark.rule("SVC-1")
def test_a_case_cannot_be_closed_without_an_answer(rep, frozen_now):
    case = log_case(by=rep, now=frozen_now)
    for blank in ("", "   \n "):
        with pytest.raises(ValidationError, match="a case is closed only with its answer"):
            case_answer(case=case, by=rep, answer=blank, now=frozen_now)
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert not CaseEvent.objects.filter(case=case, kind=CaseEventKind.ANSWERED).exists()


@pytest.mark.rule("SVC-1")
def test_the_database_refuses_a_closed_case_without_an_answer(rep, frozen_now):
    case = log_case(by=rep, now=frozen_now)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(
            status=CaseStatus.CLOSED, answered_by=rep, answered_at=frozen_now, answer=""
        )


@pytest.mark.rule("SVC-1")
def test_the_answer_form_says_the_answer_is_needed_next_to_the_field(client_for, rep, frozen_now):
    case = log_case(by=rep, now=frozen_now)
    response = client_for(rep).post(reverse("service:case_answer", args=[case.pk]), {"answer": " "})
    assert response.status_code == 200
    body = response.content.decode()
    assert "a case is closed only with its answer" in body
    assert 'class="field has-error"' in body
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


@pytest.mark.rule("SVC-1")
def test_the_receiver_answers_and_the_case_says_who_and_when(client_for, rep, frozen_now):
    case = log_case(by=rep, now=frozen_now)
    response = client_for(rep).post(
        reverse("service:case_answer", args=[case.pk]), {"answer": "已告知使用方法"}, follow=True
    )
    case.refresh_from_db()
    assert (case.status, case.answer, case.answered_by) == (
        CaseStatus.CLOSED,
        "已告知使用方法",
        rep,
    )
    body = response.content.decode()
    assert f"Case #{case.pk} is answered." in body
    assert 'data-event="answered"' in body
    assert "已告知使用方法" in body


@pytest.mark.rule("SVC-1")
def test_an_answered_case_is_not_answered_again(client_for, rep, frozen_now):
    case = log_case(by=rep, now=frozen_now, answer="已解答")
    with pytest.raises(ValidationError, match="already answered"):
        case_answer(case=case, by=rep, answer="再答一次", now=frozen_now)
    response = client_for(rep).post(
        reverse("service:case_answer", args=[case.pk]), {"answer": "再答一次"}, follow=True
    )
    assert "This case is already answered." in response.content.decode()
    case.refresh_from_db()
    assert case.answer == "已解答"


@pytest.mark.rule("SVC-1")
def test_a_supervisor_who_sees_the_case_does_not_answer_for_the_receiver(
    client_for, rep, supervisor, team, frozen_now
):
    case = log_case(by=rep, now=frozen_now)
    client = client_for(supervisor)
    assert client.get(reverse("service:case_detail", args=[case.pk])).status_code == 200
    response = client.post(
        reverse("service:case_answer", args=[case.pk]), {"answer": "我来答"}, follow=True
    )
    assert "Only whoever holds the case now may answer or route it: 张伟." in (
        response.content.decode()
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


@pytest.mark.rule("SVC-1")
def test_a_manager_may_step_in_and_answer_any_open_case(rep, service_manager, frozen_now):
    case = log_case(by=rep, now=frozen_now)
    case_answer(case=case, by=service_manager, answer="经理已回复", now=frozen_now)
    case.refresh_from_db()
    assert case.answered_by == service_manager


@pytest.mark.rule("SVC-1")
def test_nobody_may_refuse_a_case_there_is_no_such_state(rep, frozen_now):
    assert set(CaseStatus.values) == {"open", "routed", "closed"}
    case = log_case(by=rep, now=frozen_now)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(status="rejected")
    for name in ("service:case_reject", "service:case_refuse"):
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[case.pk])


@pytest.mark.rule("SVC-1")
def test_the_case_page_shows_the_customer_and_the_forms_to_the_holder(client_for, rep, frozen_now):
    customer = CustomerFactory(owner=rep, name="王秀英")
    case = log_case(by=rep, now=frozen_now, customer=customer)
    body = client_for(rep).get(reverse("service:case_detail", args=[case.pk])).content.decode()
    assert "王秀英" in body
    assert reverse("customers:customer_detail", args=[customer.pk]) in body
    assert 'data-action="answer"' in body
    assert 'data-action="route"' in body
    assert "By default the first receiver answers or routes it the same day." in body
    assert "service.answer_days" not in body


def test_a_general_manager_sees_a_case_but_the_customer_link_only_if_in_scope(
    client_for, make_user, rep, frozen_now
):
    doctor = make_user(roles.SERVICE_DOCTOR)
    customer = CustomerFactory(owner=rep, name="王秀英", phone="13912340000")
    case = log_case(by=doctor, now=frozen_now, caller_name="王秀英", caller_phone="13912340000")
    assert case.customer == customer
    body = client_for(doctor).get(reverse("service:case_detail", args=[case.pk])).content.decode()
    assert "王秀英" in body
    assert reverse("customers:customer_detail", args=[customer.pk]) not in body
