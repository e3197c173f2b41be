"""WORK-2's selection on the payment queue: finance ticks payments and confirms them at
once; each is confirmed on its own (DEAL-1), one no longer pending is skipped and said so."""

import pytest
from django.urls import reverse

from deals.models import PaymentStatus
from tests.customers.factories import CustomerFactory
from tests.deals.factories import make_deal, make_payment

pytestmark = [pytest.mark.django_db, pytest.mark.rule("WORK-2")]
QUEUE = reverse("deals:payment_queue")
BULK = reverse("deals:payments_confirm_selected")


def _pending(rep, n: int):
    return [
        make_payment(deal=make_deal(customer=CustomerFactory(owner=rep), rep=rep), amount="50.00")
        for _ in range(n)
    ]


def test_the_queue_has_a_checkbox_per_payment_and_a_select_all(client_for, rep, finance):
    payments = _pending(rep, 2)
    content = client_for(finance).get(QUEUE).content.decode()
    assert 'id="payment-bulk"' in content
    assert 'data-select-all="payment-bulk"' in content
    for p in payments:
        assert f'name="ids" value="{p.pk}" form="payment-bulk"' in content


def test_finance_confirms_the_ticked_payments_and_only_those(client_for, rep, finance):
    first, second, untouched = _pending(rep, 3)
    response = client_for(finance).post(
        BULK, {"ids": [first.pk, second.pk], "next": QUEUE}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302
    for p, status in ((first, "confirmed"), (second, "confirmed"), (untouched, "pending")):
        p.refresh_from_db()
        assert p.status == status
    first.refresh_from_db()
    assert first.confirmed_by == finance


def test_a_payment_no_longer_pending_is_skipped_and_the_rest_confirmed(client_for, rep, finance):
    first, second = _pending(rep, 2)
    client = client_for(finance)
    client.post(reverse("deals:payment_confirm", args=[first.pk]))
    response = client.post(
        BULK, {"ids": [first.pk, second.pk, 999999, "x"]}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    content = response.content.decode()
    assert "1 payment confirmed." in content
    assert "2 payments were no longer pending" in content
    second.refresh_from_db()
    assert second.status == PaymentStatus.CONFIRMED


def test_nothing_ticked_changes_nothing(client_for, rep, finance):
    (payment,) = _pending(rep, 1)
    response = client_for(finance).post(BULK, {}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "Tick the payments to confirm first." in response.content.decode()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING


def test_a_rep_may_not_confirm_in_bulk(client_for, rep):
    (payment,) = _pending(rep, 1)
    assert client_for(rep).post(BULK, {"ids": [payment.pk]}).status_code == 403
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
