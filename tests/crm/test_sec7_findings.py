"""SEC-7, the server errors of issue 13 one by one: each malformed post is refused with a
message (or a 404 for an id no table holds), nothing is saved, never a 500."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crm import roles
from deals.models import Deal
from performance.models import CommissionStatement
from service.models import Feedback, ImprovementReport
from tests.customers.factories import CustomerFactory
from tests.customers.factories_cards import SubmittedCardFactory

pytestmark = [pytest.mark.django_db, pytest.mark.rule("SEC-7")]
HUGE = str(2**70)


@pytest.fixture
def web(client_for):
    """A logged-in client whose server errors come back as 500s, not exceptions."""

    def login(user):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        return client

    return login


def test_a_deal_quantity_past_32_bits_is_refused_next_to_the_field(web, rep):
    customer = CustomerFactory(owner=rep)
    response = web(rep).post(
        reverse("deals:deal_new") + f"?customer={customer.pk}",
        {
            "rep": rep.pk,
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "1",
            "lines-MAX_NUM_FORMS": "50",
            "lines-0-product": "灵芝孢子粉",
            "lines-0-quantity": "2147483648",
            "lines-0-unit_price": "0.01",
        },
    )
    assert response.status_code == 200
    assert not Deal.objects.exists()


def test_paying_a_paid_statement_or_posting_rubbish_is_refused(web, make_user, rep):
    finance = make_user(roles.FINANCE, username="finance")
    statement = CommissionStatement.objects.create(
        rep=rep,
        month=dt.date(2026, 10, 1),
        rate=Decimal("0.03"),
        payments_total=Decimal("1000.00"),
        reversed_total=Decimal("0.00"),
        commission=Decimal("30.00"),
        lines_count=0,
        rule="PERF-3",
        closed_at=timezone.now(),
    )
    client = web(finance)
    url = reverse("performance:commission_pay", args=[statement.pk])
    for data in ({}, {"next": "长" * 10_000}, {"next": "a\x00b"}, {"next": HUGE}, {}):
        assert client.post(url, data).status_code == 302
    statement.refresh_from_db()
    assert statement.paid_by == finance


def test_feedback_with_ids_past_64_bits_is_refused(web, rep):
    client = web(rep)
    # an id no table holds is no id: the form opens without a case
    assert client.get(reverse("service:feedback_new") + f"?case={HUGE}").status_code == 200
    response = client.post(
        reverse("service:feedback_new"),
        {"about": "product", "rating": "bad", "text": "太贵", "tags": [HUGE]},
    )
    assert response.status_code == 200
    assert not Feedback.objects.exists()


def test_handing_over_cards_with_ids_past_64_bits_is_refused(web, make_user):
    manager = make_user(roles.SALES_MANAGER, username="manager")
    doctor = make_user(roles.SERVICE_DOCTOR, username="doctor")
    SubmittedCardFactory()
    response = web(manager).post(
        reverse("customers:cards_submitted"), {"doctor": doctor.pk, "cards": [HUGE]}
    )
    assert response.status_code == 400  # the form again, with its message


def test_an_improvement_report_for_the_year_9999_is_refused(web, make_user):
    service = make_user(roles.SERVICE_MANAGER, username="service")
    response = web(service).post(
        reverse("service:report_new"),
        {"start": "2026-11-01", "end": "9999-12-31", "title": "十一月", "summary": "问题"},
    )
    assert response.status_code == 200
    assert not ImprovementReport.objects.exists()
