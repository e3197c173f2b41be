"""Cancelling a deal, and payments that would take a deal past its total."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from crm import roles
from deals import services
from deals.models import Deal, DealStatus, Payment, PaymentStatus
from tests.deals.factories import grant, make_deal, make_payment, pay_confirmed

pytestmark = pytest.mark.usefixtures("frozen_now")


@pytest.fixture(autouse=True)
def english(english_messages):
    """These tests read messages in English (tests/conftest.py)."""


def test_a_rep_cancels_their_deal_and_its_pending_payment_with_it(customer, seller, client_for):
    deal = make_deal(customer=customer, rep=seller, total="5000")
    payment = make_payment(deal=deal, amount="2000")

    response = client_for(seller).post(
        reverse("deals:deal_cancel", args=[deal.pk]), {"reason": "客户取消订单"}, follow=True
    )

    assert "Deal cancelled." in response.content.decode()
    deal.refresh_from_db()
    payment.refresh_from_db()
    assert deal.status == DealStatus.CANCELLED
    assert deal.cancelled_by == seller
    assert deal.cancel_reason == "客户取消订单"
    assert payment.status == PaymentStatus.CANCELLED
    page = client_for(seller).get(reverse("deals:deal_detail", args=[deal.pk])).content.decode()
    assert "客户取消订单" in page
    assert "Record payment" not in page  # a cancelled deal takes no payments


@pytest.mark.rule("DEAL-1")
def test_a_deal_with_confirmed_money_cannot_be_cancelled_until_it_is_refunded(
    customer, seller, finance, client_for
):
    deal = make_deal(customer=customer, rep=seller, total="5000")
    payment = pay_confirmed(deal=deal, amount="5000", finance=finance)

    response = client_for(finance).post(
        reverse("deals:deal_cancel", args=[deal.pk]), {"reason": "退单"}, follow=True
    )
    assert "refund its payments first" in response.content.decode()
    assert Deal.objects.get(pk=deal.pk).status == DealStatus.OPEN

    services.payment_refund(payment_id=payment.pk, by=finance, now=timezone.now(), reason="退款")
    services.deal_cancel(deal_id=deal.pk, by=finance, now=timezone.now(), reason="退单")
    assert Deal.objects.get(pk=deal.pk).status == DealStatus.CANCELLED


def test_cancelling_needs_a_reason(customer, seller, client_for):
    deal = make_deal(customer=customer, rep=seller)
    response = client_for(seller).post(
        reverse("deals:deal_cancel", args=[deal.pk]), {"reason": " "}, follow=True
    )
    assert "Give a reason." in response.content.decode()
    assert Deal.objects.get(pk=deal.pk).status == DealStatus.OPEN


def test_another_rep_cannot_cancel_a_deal_they_cannot_see(customer, seller, make_user, client_for):
    other = grant(make_user(roles.REP, username="other"), "deals.add_deal")
    deal = make_deal(customer=customer, rep=seller)
    response = client_for(other).post(reverse("deals:deal_cancel", args=[deal.pk]), {"reason": "x"})
    assert response.status_code == 404
    assert Deal.objects.get(pk=deal.pk).status == DealStatus.OPEN


def test_a_payment_over_the_open_balance_is_refused_next_to_the_amount(
    customer, seller, client_for
):
    deal = make_deal(customer=customer, rep=seller, total="5000")
    make_payment(deal=deal, amount="3000")

    response = client_for(seller).post(
        reverse("deals:payment_new", args=[deal.pk]),
        {"amount": "30000", "received_on": timezone.localdate().isoformat(), "method": "cash"},
    )

    assert response.status_code == 200
    assert "more than the deal&#x27;s open balance of ¥2,000.00" in response.content.decode()
    assert Payment.objects.filter(deal=deal).count() == 1


def test_the_open_balance_ignores_cancelled_payments(customer, seller):
    deal = make_deal(customer=customer, rep=seller, total="5000")
    wrong = make_payment(deal=deal, amount="5000")
    services.payment_cancel(payment_id=wrong.pk, by=seller, now=timezone.now(), reason="录错")
    assert services.deal_open_balance(deal=deal) == Decimal("5000.00")
    make_payment(deal=deal, amount="5000")
    with pytest.raises(ValidationError):
        make_payment(deal=deal, amount="0.01")
