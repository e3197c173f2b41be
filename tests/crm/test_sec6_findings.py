"""SEC-6, the findings of issue 13 one by one: pages that look a customer up by phone or
name show only what the user's scope allows; writes need a write permission; deals are
read through their own scope."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from crm import roles
from deals.models import Payment
from tests.customers.factories import CustomerFactory
from tests.deals.factories import make_deal
from tests.pools.factories_pool import pool_customer
from tests.service.factories import log_case

pytestmark = [pytest.mark.django_db, pytest.mark.rule("SEC-6")]


@pytest.fixture
def rep2(make_user):
    return make_user(roles.REP, username="rep2", last_name="李", first_name="强")


@pytest.fixture
def theirs(rep2):
    return CustomerFactory(owner=rep2, name="赵德明", phone="13912345678", first_collector=rep2)


def test_a_case_on_another_reps_customer_does_not_name_it(client_for, rep, theirs):
    case = log_case(by=rep, now=timezone.now(), customer=theirs, caller_name="赵先生")
    client = client_for(rep)
    for url in (
        reverse("service:case_detail", args=[case.pk]),
        reverse("service:case_mine") + "?show=all",
    ):
        page = client.get(url).content.decode()
        assert "赵德明" not in page, url
        assert "赵先生" in page, url  # what the rep heard and typed is theirs


def test_the_duplicate_check_names_only_the_first_collector(client_for, rep, rep2, theirs):
    response = client_for(rep).post(
        reverse("customers:customer_new"),
        {"kind": "person", "name": "赵老先生", "phone": "13912345678", "source": "event"},
    )
    page = response.content.decode()
    assert 'id="duplicates"' in page
    assert "赵德明" not in page
    assert "李强" in page  # INTAKE-9: the first collector is named


def test_the_general_manager_may_not_refer_a_pool_customer(client_for, make_user, rep):
    gm = make_user(roles.GENERAL_MANAGER, username="gm")
    customer = pool_customer()
    client = client_for(gm)
    assert client.get(reverse("pools:refer", args=[customer.pk])).status_code == 403
    response = client.post(reverse("pools:refer", args=[customer.pk]), {"rep": rep.pk})
    assert response.status_code == 403
    customer.refresh_from_db()
    assert customer.ownership.owner_id is None


def test_a_doctor_reads_no_deal(client_for, make_user, rep):
    doctor = make_user(roles.SERVICE_DOCTOR, username="doctor")
    deal = make_deal(customer=CustomerFactory(owner=rep), rep=rep)
    assert client_for(doctor).get(reverse("deals:deal_detail", args=[deal.pk])).status_code == 404


def test_another_reps_deal_on_a_pool_customer_is_not_theirs(client_for, rep, rep2):
    customer = pool_customer()
    deal = make_deal(customer=customer, rep=rep2, total="5000.00")
    client = client_for(rep)
    assert client.get(reverse("deals:deal_detail", args=[deal.pk])).status_code == 404
    response = client.post(
        reverse("deals:payment_new", args=[deal.pk]),
        {"amount": "100.00", "received_on": timezone.localdate().isoformat(), "method": "cash"},
    )
    assert response.status_code == 404
    assert not Payment.objects.exists()
    # the pool customer's page is open to the rep, without the other rep's deal on it
    page = client.get(reverse("customers:customer_detail", args=[customer.pk])).content.decode()
    assert reverse("deals:deal_detail", args=[deal.pk]) not in page
    # the deal's own rep still reads it
    assert client_for(rep2).get(reverse("deals:deal_detail", args=[deal.pk])).status_code == 200
    assert deal.total == Decimal("5000.00")
