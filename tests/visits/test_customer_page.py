"""The customer page shows the customer's open visits and visit records (who, when, how):
a panel loaded after the page, so the page keeps its own few queries."""

import pytest
from django.urls import reverse

from tests.conftest import CURRENT_TIME
from tests.customers.factories import CustomerFactory
from tests.visits.factories import VisitTaskFactory, record_values
from visits.models import VisitMethod
from visits.services import visit_record_log

pytestmark = pytest.mark.django_db
NOW = CURRENT_TIME


@pytest.mark.rule("VISIT-6")
def test_the_customer_page_shows_open_visits_and_records(client_for, rep, frozen_now):
    customer = CustomerFactory(owner=rep)
    VisitTaskFactory(customer=customer, assignee=rep, purpose="介绍新产品")
    visit_record_log(
        customer=customer, by=rep, now=NOW, values=record_values(method=VisitMethod.HOME)
    )
    VisitTaskFactory(customer=customer, assignee=rep, purpose="下次上门")
    client = client_for(rep)
    page = client.get(reverse("customers:customer_detail", args=[customer.pk])).content.decode()
    # WORK-1: the visits are a tab of the page, loaded when opened (htmx) or by its link.
    assert 'hx-get="?tab=visits"' in page
    assert "下次上门" not in page
    body = client.get(
        reverse("customers:customer_detail", args=[customer.pk]),
        {"tab": "visits"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "<html" not in body
    assert 'id="visits"' in body
    assert "下次上门" in body
    assert "Home visit" in body
    assert "张伟" in body
    assert reverse("visits:customer_log", args=[customer.pk]) in body


def test_another_reps_customer_panel_answers_404(client_for, rep, rep2):
    customer = CustomerFactory(owner=rep2)
    assert (
        client_for(rep).get(reverse("visits:customer_panel", args=[customer.pk])).status_code == 404
    )


def test_the_panel_and_records_keep_their_query_count(
    client_for, rep, frozen_now, django_assert_max_num_queries
):
    customer = CustomerFactory(owner=rep)
    client = client_for(rep)
    for _ in range(12):
        VisitTaskFactory(customer=customer, assignee=rep)
        visit_record_log(customer=customer, by=rep, now=NOW, values=record_values())
    with django_assert_max_num_queries(8):
        response = client.get(reverse("visits:customer_panel", args=[customer.pk]))
    assert "All visit records" in response.content.decode()
    with django_assert_max_num_queries(10):
        page = client.get(reverse("visits:customer_records", args=[customer.pk]) + "?page=1")
    assert len(page.context["page"].object_list) == 12
