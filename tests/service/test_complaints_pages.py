"""The complaint pages: the form from a case, the step forms each for its role (SVC-3)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from service.models import Complaint, ComplaintState, QualityResult
from service.services import complaints as services
from tests.customers.factories import CustomerFactory
from tests.service.factories import log_case, person_complaint, product_complaint

pytestmark = pytest.mark.django_db


@pytest.mark.rule("SVC-3")
def test_the_receiver_fills_the_complaint_form_from_the_case(client_for, rep, frozen_now):
    case = log_case(by=rep, now=frozen_now, kind="complaint", product="家用理疗仪")
    client = client_for(rep)
    page = client.get(reverse("service:complaint_new", args=[case.pk])).content.decode()
    assert 'value="家用理疗仪"' in page
    response = client.post(
        reverse("service:complaint_new", args=[case.pk]),
        {"cause": "product", "product": "家用理疗仪", "description": "不发热", "demand": "换新"},
        follow=True,
    )
    complaint = Complaint.objects.get()
    assert complaint.case == case
    assert "Next: Quality test." in response.content.decode()
    assert 'data-waiting="quality_test"' in response.content.decode()


@pytest.mark.rule("SVC-3")
def test_the_complaint_form_asks_for_the_product_next_to_the_field(client_for, rep, frozen_now):
    case = log_case(by=rep, now=frozen_now)
    response = client_for(rep).post(
        reverse("service:complaint_new", args=[case.pk]),
        {"cause": "product", "description": "坏了"},
    )
    assert "Name the product complained about." in response.content.decode()
    assert not Complaint.objects.exists()


@pytest.mark.rule("SVC-3")
def test_the_step_form_shows_only_to_whoever_records_the_step(
    client_for, rep, service_manager, finance, frozen_now
):
    complaint = product_complaint(by=rep, now=frozen_now)
    url = reverse("service:complaint_detail", args=[complaint.pk])
    manager_page = client_for(service_manager).get(url).content.decode()
    assert 'data-step="quality_test"' in manager_page
    finance_page = client_for(finance).get(url).content.decode()
    assert 'data-step="quality_test"' not in finance_page
    assert "Waiting for “Quality test”, recorded by quality testing." in finance_page


@pytest.mark.rule("SVC-3")
def test_a_step_posted_by_the_wrong_role_is_refused_with_a_message(
    client_for, rep, finance, frozen_now
):
    complaint = product_complaint(by=rep, now=frozen_now)
    response = client_for(rep).post(
        reverse("service:complaint_step", args=[complaint.pk, "quality_test"]),
        {"quality_test-result": "defect", "quality_test-findings": "坏"},
        follow=True,
    )
    assert "“Quality test” is recorded by quality testing." in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.REGISTERED


@pytest.mark.rule("SVC-3")
def test_a_step_posted_out_of_order_is_refused_with_a_message(client_for, rep, finance, frozen_now):
    complaint = product_complaint(by=rep, now=frozen_now)
    response = client_for(finance).post(
        reverse("service:complaint_step", args=[complaint.pk, "compensation"]),
        {"compensation-amount": "100", "compensation-note": ""},
        follow=True,
    )
    assert "This complaint is waiting for “Quality test”, not “Compensation note”." in (
        response.content.decode()
    )
    assert not hasattr(Complaint.objects.get(), "compensation")


@pytest.mark.rule("SVC-3")
def test_finance_issues_the_compensation_note_from_the_page(
    client_for, rep, service_manager, finance, frozen_now
):
    complaint = product_complaint(by=rep, now=frozen_now)
    services.complaint_quality_test(
        complaint=complaint,
        by=service_manager,
        result=QualityResult.DEFECT,
        findings="坏",
        now=frozen_now,
    )
    client = client_for(finance)
    url = reverse("service:complaint_step", args=[complaint.pk, "compensation"])
    bad = client.post(url, {"compensation-amount": "-3"})
    assert bad.status_code == 200
    assert "Ensure this value is greater than or equal to 0." in bad.content.decode()
    response = client.post(
        url, {"compensation-amount": "1234.5", "compensation-note": "转账"}, follow=True
    )
    body = response.content.decode()
    assert "Compensation note recorded." in body
    assert "¥1,234.50" in body
    assert Complaint.objects.get().compensation.amount == Decimal("1234.50")


def test_an_unknown_step_answers_404(client_for, rep, frozen_now):
    complaint = product_complaint(by=rep, now=frozen_now)
    url = reverse("service:complaint_step", args=[complaint.pk, "reject"])
    assert client_for(rep).post(url).status_code == 404


@pytest.mark.rule("SVC-3")
def test_the_discipline_measure_is_for_managers_not_for_everyone(
    client_for, rep, rep2, service_manager, sales_manager, finance, frozen_now
):
    complaint = person_complaint(by=rep, now=frozen_now, employee=rep2)
    services.complaint_verify(
        complaint=complaint, by=service_manager, confirmed=True, finding="属实", now=frozen_now
    )
    services.complaint_discipline(
        complaint=complaint, by=sales_manager, employee=rep2, measure="书面检讨", now=frozen_now
    )
    url = reverse("service:complaint_detail", args=[complaint.pk])
    assert "书面检讨" in client_for(sales_manager).get(url).content.decode()
    assert "书面检讨" not in client_for(finance).get(url).content.decode()
    assert "书面检讨" not in client_for(rep).get(url).content.decode()


@pytest.mark.rule("SVC-3")
def test_another_reps_complaint_answers_404_but_finance_sees_every_complaint(
    client_for, rep, rep2, finance, frozen_now
):
    complaint = product_complaint(by=rep2, now=frozen_now, customer=CustomerFactory(owner=rep2))
    url = reverse("service:complaint_detail", args=[complaint.pk])
    assert client_for(rep).get(url).status_code == 404
    assert client_for(finance).get(url).status_code == 200


def test_the_complaint_list_filters_what_waits_for_me_in_few_queries(
    client_for, rep, service_manager, finance, frozen_now, django_assert_max_num_queries
):
    for _ in range(4):
        product_complaint(by=rep, now=frozen_now, customer=CustomerFactory(owner=rep))
    tested = product_complaint(by=rep, now=frozen_now)
    services.complaint_quality_test(
        complaint=tested,
        by=service_manager,
        result=QualityResult.DEFECT,
        findings="坏",
        now=frozen_now,
    )
    client = client_for(finance)
    client.get(reverse("service:complaint_list"))
    # + 1: which of the customers the reader may see (SEC-6, cases_named_for)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("service:complaint_list"), {"waiting": "me"})
    body = response.content.decode()
    assert f"#{tested.pk} " in body
    assert body.count("data-complaint=") == 1


def test_the_complaint_page_takes_few_queries(
    client_for, rep, service_manager, finance, frozen_now, django_assert_max_num_queries
):
    complaint = product_complaint(by=rep, now=frozen_now)
    services.complaint_quality_test(
        complaint=complaint,
        by=service_manager,
        result=QualityResult.DEFECT,
        findings="坏",
        now=frozen_now,
    )
    client = client_for(finance)
    client.get(reverse("service:complaint_detail", args=[complaint.pk]))
    # + 1: whether the reader may see the customer (SEC-6, cases_named_for)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("service:complaint_detail", args=[complaint.pk]))
    assert 'data-record="quality_test"' in response.content.decode()
