"""Deals and payments: finance confirms (DEAL-1), the first deal moves the owner (POOL-2)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from crm import roles
from deals import services
from deals.models import CustomerTier, Payment, PaymentStatus, Tier
from deals.selectors import pending_payments_count, receivables_for
from pools.models import Ownership, OwnershipChange, OwnershipReason
from tests.customers.factories import CustomerFactory
from tests.deals.factories import grant, make_deal, make_payment, pay_confirmed

pytestmark = pytest.mark.usefixtures("frozen_now")


@pytest.mark.rule("DEAL-1")
def test_a_pending_payment_counts_for_nothing_until_finance_confirms_it(customer, seller, finance):
    deal = make_deal(customer=customer, rep=seller, total="60000")
    payment = make_payment(deal=deal, amount="60000")
    services.tiers_recompute(customer_ids=[customer.pk], today=timezone.localdate())
    assert receivables_for(customer_ids=[customer.pk]) == {customer.pk: Decimal("60000.00")}
    assert CustomerTier.objects.get(customer=customer).tier == Tier.C
    assert pending_payments_count() == 1

    services.payment_confirm(payment_id=payment.pk, by=finance, now=timezone.now())

    assert receivables_for(customer_ids=[customer.pk]) == {}
    row = CustomerTier.objects.get(customer=customer)
    assert row.tier == Tier.A
    assert row.confirmed_total == Decimal("60000.00")
    assert pending_payments_count() == 0


@pytest.mark.rule("DEAL-1")
def test_a_payment_cannot_be_confirmed_twice(customer, seller, finance):
    deal = make_deal(customer=customer, rep=seller)
    payment = pay_confirmed(deal=deal, amount="100", finance=finance)
    with pytest.raises(services.PaymentStateError):
        services.payment_confirm(payment_id=payment.pk, by=finance, now=timezone.now())


@pytest.mark.rule("DEAL-1")
def test_confirming_twice_on_the_page_says_so_and_changes_nothing(
    customer, seller, finance, client_for
):
    deal = make_deal(customer=customer, rep=seller)
    payment = pay_confirmed(deal=deal, amount="100", finance=finance)
    confirmed_at = payment.confirmed_at
    client = client_for(finance)
    response = client.post(reverse("deals:payment_confirm", args=[payment.pk]), follow=True)
    assert "不再" in response.content.decode() or "no longer pending" in response.content.decode()
    payment.refresh_from_db()
    assert payment.confirmed_at == confirmed_at
    assert payment.history.count() == 2  # recorded, confirmed: nothing more


@pytest.mark.rule("DEAL-1", "DEAL-2")
def test_a_refund_lowers_the_tier_and_the_sale_times_at_once(customer, seller, finance):
    deal = make_deal(customer=customer, rep=seller, total="80000")
    earlier = timezone.now() - dt.timedelta(days=10)
    first = pay_confirmed(deal=deal, amount="20000", finance=finance, now=earlier)
    second = pay_confirmed(deal=deal, amount="40000", finance=finance)
    assert CustomerTier.objects.get(customer=customer).tier == Tier.A
    assert Ownership.objects.get(customer=customer).last_sale_at == second.confirmed_at

    services.payment_refund(payment_id=second.pk, by=finance, now=timezone.now(), reason="客户退货")

    row = CustomerTier.objects.get(customer=customer)
    assert row.tier == Tier.C
    assert row.confirmed_total == Decimal("20000.00")
    ownership = Ownership.objects.get(customer=customer)
    assert ownership.first_sale_at == ownership.last_sale_at == first.confirmed_at
    assert receivables_for(customer_ids=[customer.pk]) == {customer.pk: Decimal("60000.00")}


@pytest.mark.rule("DEAL-1")
def test_a_refund_needs_a_confirmed_payment_and_a_reason(customer, seller, finance):
    deal = make_deal(customer=customer, rep=seller)
    pending = make_payment(deal=deal, amount="100")
    with pytest.raises(services.PaymentStateError):
        services.payment_refund(payment_id=pending.pk, by=finance, now=timezone.now(), reason="x")
    with pytest.raises(ValueError, match="reason"):
        services.payment_cancel(payment_id=pending.pk, by=finance, now=timezone.now(), reason=" ")
    services.payment_cancel(payment_id=pending.pk, by=finance, now=timezone.now(), reason="录错")
    pending.refresh_from_db()
    assert pending.status == PaymentStatus.CANCELLED
    assert pending.closed_by == finance


@pytest.mark.rule("POOL-2", "POOL-8")
def test_the_first_confirmed_payment_makes_the_deals_rep_the_owner(seller, finance, make_user):
    other = make_user(roles.REP, username="rep2")
    customer = CustomerFactory(owner=other)
    deal = make_deal(customer=customer, rep=seller)
    payment = make_payment(deal=deal, amount="500")
    assert Ownership.objects.get(customer=customer).owner == other  # pending: nothing yet

    services.payment_confirm(payment_id=payment.pk, by=finance, now=timezone.now())

    ownership = Ownership.objects.get(customer=customer)
    assert ownership.owner == seller
    assert ownership.reason == OwnershipReason.FIRST_DEAL
    change = OwnershipChange.objects.filter(customer=customer).latest("pk")
    assert change.from_owner == other
    assert change.to_owner == seller
    assert change.rule == "POOL-2"
    assert change.params == {"deal": deal.pk, "payment": payment.pk}
    assert change.changed_by == finance


@pytest.mark.rule("POOL-2")
def test_a_later_confirmed_payment_does_not_move_the_owner(seller, finance, make_user):
    other = make_user(roles.REP, username="rep2")
    customer = CustomerFactory(owner=seller)
    pay_confirmed(deal=make_deal(customer=customer, rep=seller), amount="500", finance=finance)
    changes = OwnershipChange.objects.filter(customer=customer).count()

    pay_confirmed(deal=make_deal(customer=customer, rep=other), amount="500", finance=finance)

    assert Ownership.objects.get(customer=customer).owner == seller
    assert OwnershipChange.objects.filter(customer=customer).count() == changes


@pytest.mark.rule("POOL-2")
def test_a_refunded_first_payment_still_was_the_first_deal(seller, finance, make_user):
    other = make_user(roles.REP, username="rep2")
    customer = CustomerFactory(owner=seller)
    first = pay_confirmed(
        deal=make_deal(customer=customer, rep=seller), amount="500", finance=finance
    )
    services.payment_refund(payment_id=first.pk, by=finance, now=timezone.now(), reason="退款")

    pay_confirmed(deal=make_deal(customer=customer, rep=other), amount="500", finance=finance)

    assert Ownership.objects.get(customer=customer).owner == seller


@pytest.mark.rule("DEAL-1")
def test_the_payment_queue_is_for_finance_only(client_for, seller, finance):
    assert client_for(seller).get(reverse("deals:payment_queue")).status_code == 403
    assert client_for(finance).get(reverse("deals:payment_queue")).status_code == 200


@pytest.mark.rule("DEAL-1")
def test_the_payment_queue_lists_pending_payments_in_few_queries(
    client_for, seller, finance, django_assert_max_num_queries
):
    for _ in range(6):
        customer = CustomerFactory(owner=seller, name="<script>x</script>😀")
        make_payment(deal=make_deal(customer=customer, rep=seller), amount="88.80")
    pay_confirmed(deal=make_deal(customer=customer, rep=seller), amount="1", finance=finance)
    client = client_for(finance)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("deals:payment_queue"))
    body = response.content.decode()
    assert body.count("¥88.80") == 6
    assert "¥1.00" not in body
    assert "<script>x</script>" not in body
    assert "&lt;script&gt;" in body


@pytest.mark.rule("DEAL-1")
def test_finance_confirms_from_the_queue(client_for, customer, seller, finance):
    payment = make_payment(deal=make_deal(customer=customer, rep=seller), amount="10")
    response = client_for(finance).post(reverse("deals:payment_confirm", args=[payment.pk]))
    assert response.status_code == 302
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CONFIRMED
    assert payment.confirmed_by == finance


def test_a_rep_records_a_deal_with_lines_for_their_customer(client_for, customer, seller):
    url = reverse("deals:deal_new") + f"?customer={customer.pk}"
    data = {
        "rep": seller.pk,
        "note": "",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "50",
        "lines-0-product": "年卡",
        "lines-0-quantity": "3",
        "lines-0-unit_price": "1234.56",
        "lines-1-product": "",
        "lines-1-quantity": "",
        "lines-1-unit_price": "",
    }
    response = client_for(seller).post(url, data)
    assert response.status_code == 302
    deal = customer.deals.get()
    assert deal.total == Decimal("3703.68")
    assert deal.lines.get().amount == Decimal("3703.68")


def test_the_deal_form_marks_only_the_first_line_required(client_for, customer, seller):
    url = reverse("deals:deal_new") + f"?customer={customer.pk}"
    html = client_for(seller).get(url).content.decode()
    line1 = html[html.index('name="lines-0-product"') - 400 : html.index('name="lines-1-product"')]
    line2 = html[
        html.index('name="lines-1-product"') - 300 : html.index('name="lines-1-unit_price"')
    ]
    assert 'class="required"' in line1
    assert 'class="required"' not in line2
    assert " required" not in line2.split('name="lines-1-product"')[1].split(">")[0]


def test_a_second_line_filled_in_part_asks_for_the_rest(client_for, customer, seller):
    url = reverse("deals:deal_new") + f"?customer={customer.pk}"
    data = {
        "rep": seller.pk,
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "50",
        "lines-0-product": "年卡",
        "lines-0-quantity": "1",
        "lines-0-unit_price": "100",
        "lines-1-product": "理疗仪",
        "lines-1-quantity": "",
        "lines-1-unit_price": "",
    }
    response = client_for(seller).post(url, data)
    assert response.status_code == 200
    line = response.context["lines"].forms[1]
    assert set(line.errors) == {"quantity", "unit_price"}
    assert not customer.deals.exists()


def test_zero_quantity_and_negative_price_are_refused_next_to_the_fields(
    client_for, customer, seller
):
    url = reverse("deals:deal_new") + f"?customer={customer.pk}"
    data = {
        "rep": seller.pk,
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "50",
        "lines-0-product": "年卡",
        "lines-0-quantity": "0",
        "lines-0-unit_price": "-5",
    }
    response = client_for(seller).post(url, data)
    assert response.status_code == 200
    line = response.context["lines"].forms[0]
    assert "quantity" in line.errors
    assert "unit_price" in line.errors
    assert not customer.deals.exists()


def test_a_negative_payment_is_refused_next_to_the_amount(client_for, customer, seller):
    deal = make_deal(customer=customer, rep=seller)
    response = client_for(seller).post(
        reverse("deals:payment_new", args=[deal.pk]),
        {"amount": "-10", "received_on": "2026-11-20", "method": "cash"},
    )
    assert response.status_code == 200
    assert "amount" in response.context["payment_form"].errors
    assert not Payment.objects.exists()


def test_a_rep_records_a_payment_which_waits_for_finance(client_for, customer, seller):
    deal = make_deal(customer=customer, rep=seller)
    response = client_for(seller).post(
        reverse("deals:payment_new", args=[deal.pk]),
        {"amount": "10.50", "received_on": "2026-11-20", "method": "wechat"},
    )
    assert response.status_code == 302
    assert Payment.objects.get().status == PaymentStatus.PENDING


@pytest.mark.rule("SEAL-2")
def test_a_rep_cannot_record_a_deal_for_another_reps_customer(client_for, seller, make_user):
    other = make_user(roles.REP, username="rep2")
    theirs = CustomerFactory(owner=other)
    deal = make_deal(customer=theirs, rep=other)
    client = client_for(seller)
    assert client.get(reverse("deals:deal_new") + f"?customer={theirs.pk}").status_code == 404
    assert client.get(reverse("deals:deal_detail", args=[deal.pk])).status_code == 404


def test_the_customer_page_shows_the_deals_panel_in_fixed_queries(
    client_for, customer, seller, finance, django_assert_max_num_queries
):
    grant(seller, "customers.view_customer")
    # WORK-1: the deals panel is the page's "deals and payments" tab.
    url = reverse("customers:customer_detail", args=[customer.pk]) + "?tab=deals"
    client = client_for(seller)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for _ in range(4):
        pay_confirmed(
            deal=make_deal(customer=customer, rep=seller, total="20000"),
            amount="15500",
            finance=finance,
        )
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(url)
    body = response.content.decode()
    assert "¥62,000.00" in body
    assert "DEAL-2" in body
    assert "¥18,000.00" in body  # open receivable
