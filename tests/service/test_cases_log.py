"""Logging a case (SVC-1): whoever first receives the customer logs it and owns it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from crm import roles
from crm.roles import all_roles
from service.models import Case, CaseEvent, CaseEventKind, CaseStatus
from tests.customers.factories import CustomerFactory
from tests.service.factories import log_case

pytestmark = pytest.mark.django_db


@pytest.mark.rule("SVC-1")
def test_a_rep_logs_a_call_about_a_customer_and_owns_it_until_it_is_answered(rep, frozen_now):
    customer = CustomerFactory(owner=rep)
    case = log_case(by=rep, now=frozen_now, customer=customer)
    assert case.status == CaseStatus.OPEN
    assert case.received_by == rep
    assert case.received_at == frozen_now
    # By default the first receiver answers or routes it the same day (service.answer_days).
    assert case.expected_on == frozen_now.date()
    assert case.expected_params == {"rule": "SVC-1", "service.answer_days": 0}
    (event,) = CaseEvent.objects.filter(case=case)
    assert (event.kind, event.by, event.rule) == (CaseEventKind.RECEIVED, rep, "SVC-1")


@pytest.mark.rule("SVC-1")
def test_a_caller_who_is_not_a_customer_is_logged_by_name_and_phone(rep, frozen_now):
    case = log_case(by=rep, now=frozen_now, caller_name="黄 先生", caller_phone="+86 137-0000-1234")
    assert case.customer is None
    assert (case.caller_name, case.caller_phone) == ("黄 先生", "13700001234")
    assert case.who == "黄 先生"


@pytest.mark.rule("SVC-1")
def test_a_caller_is_linked_to_the_one_customer_with_that_phone(rep, rep2, frozen_now):
    customer = CustomerFactory(owner=rep2, phone="13912345678")
    case = log_case(by=rep, now=frozen_now, caller_name="王阿姨", caller_phone="13912345678")
    assert case.customer == customer
    assert case.expected_params["linked_by_phone"] == "13912345678"


@pytest.mark.rule("SVC-1")
def test_a_phone_two_customers_share_links_to_neither(rep, frozen_now):
    CustomerFactory(phone="13912345678")
    CustomerFactory(phone="13912345678")
    case = log_case(by=rep, now=frozen_now, caller_name="王阿姨", caller_phone="13912345678")
    assert case.customer is None


@pytest.mark.rule("SVC-1")
def test_a_case_names_a_customer_or_a_caller_with_name_and_phone(rep, frozen_now):
    with pytest.raises(ValidationError, match="Choose the customer, or enter the caller"):
        log_case(by=rep, now=frozen_now, caller_name="黄先生", caller_phone="")
    assert not Case.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(
            channel="phone",
            kind="question",
            subject="x",
            received_by=rep,
            received_at=frozen_now,
            expected_on=frozen_now.date(),
        )


@pytest.mark.rule("SVC-1")
def test_an_answer_given_on_the_spot_closes_the_case_at_once(rep, frozen_now):
    case = log_case(by=rep, now=frozen_now, answer="每天两次，每次二十分钟。")
    assert case.status == CaseStatus.CLOSED
    assert (case.answer, case.answered_by, case.answered_at) == (
        "每天两次，每次二十分钟。",
        rep,
        frozen_now,
    )
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == [CaseEventKind.RECEIVED, CaseEventKind.ANSWERED]


@pytest.mark.rule("SVC-1")
def test_the_default_answer_date_is_a_parameter_the_admin_sets(rep, set_param, frozen_now):  # noqa: F811
    set_param("service.answer_days", 2)
    case = log_case(by=rep, now=frozen_now)
    assert case.expected_on == frozen_now.date() + dt.timedelta(days=2)
    assert case.expected_params["service.answer_days"] == 2


@pytest.mark.rule("SVC-1")
def test_every_role_may_log_a_case():
    for role in all_roles():
        assert "service.add_case" in role.permissions, role.code


# The page ------------------------------------------------------------------------------


def form_data(**kwargs) -> dict:
    data = {
        "channel": "phone",
        "kind": "question",
        "subject": "问理疗仪怎么用",
        "caller_name": "",
        "caller_phone": "",
        "description": "",
        "product": "",
        "answer": "",
    }
    data.update(kwargs)
    return data


@pytest.mark.rule("SVC-1")
def test_the_log_page_logs_a_case_about_a_chosen_customer(client_for, rep, frozen_now):
    customer = CustomerFactory(owner=rep, name="王秀英")
    response = client_for(rep).post(
        reverse("service:case_new"), form_data(customer=customer.pk), follow=True
    )
    case = Case.objects.get()
    assert case.customer == customer
    assert response.redirect_chain[-1][0] == reverse("service:case_detail", args=[case.pk])
    assert "It is yours until you answer it or route it" in response.content.decode()


@pytest.mark.rule("SVC-1")
def test_the_log_page_says_who_is_missing_next_to_the_field(client_for, rep):
    response = client_for(rep).post(reverse("service:case_new"), form_data(caller_name="黄先生"))
    assert response.status_code == 200
    assert not Case.objects.exists()
    assert (
        "Choose the customer, or enter the caller&#x27;s name and phone."
        in response.content.decode()
    )
    assert 'class="field has-error"' in response.content.decode()


@pytest.mark.rule("SVC-1")
def test_the_log_page_refuses_a_phone_that_is_not_one(client_for, rep):
    response = client_for(rep).post(
        reverse("service:case_new"), form_data(caller_name="黄先生", caller_phone="12345")
    )
    assert "Enter a mobile number" in response.content.decode()
    assert not Case.objects.exists()


def test_the_log_page_searches_only_customers_the_user_may_see(client_for, rep, rep2):
    CustomerFactory(owner=rep, name="王秀英")
    CustomerFactory(owner=rep2, name="王桂兰")
    response = client_for(rep).get(
        reverse("service:case_customer_search"), {"customer_query": "王"}
    )
    body = response.content.decode()
    assert "王秀英" in body
    assert "王桂兰" not in body


def test_the_search_without_javascript_keeps_what_was_typed(client_for, rep):
    CustomerFactory(owner=rep, name="王秀英")
    response = client_for(rep).post(
        reverse("service:case_new"),
        form_data(customer_query="王秀", search="1", subject="问价格"),
    )
    body = response.content.decode()
    assert "王秀英" in body
    assert 'value="问价格"' in body
    assert "has-error" not in body
    assert not Case.objects.exists()


def test_logging_for_another_reps_customer_by_link_answers_404(client_for, rep, rep2):
    theirs = CustomerFactory(owner=rep2)
    response = client_for(rep).get(reverse("service:case_new"), {"customer": theirs.pk})
    assert response.status_code == 404


def test_a_case_for_a_customer_outside_the_scope_is_not_accepted(client_for, rep, rep2):
    theirs = CustomerFactory(owner=rep2)
    client_for(rep).post(reverse("service:case_new"), form_data(customer=theirs.pk))
    assert not Case.objects.exists()


def test_the_telesales_rep_logs_a_case_too(client_for, make_user):
    telesales = make_user(roles.TELESALES)
    response = client_for(telesales).post(
        reverse("service:case_new"), form_data(caller_name="黄先生", caller_phone="13700001234")
    )
    assert response.status_code == 302
    assert Case.objects.get().received_by == telesales
