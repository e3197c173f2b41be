"""The telesales pay statement (TEL-5): the formula, its parameters, its records, HAND-1."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from deals.models import PaymentMethod
from deals.services import (
    LineInput,
    deal_create,
    payment_confirm,
    payment_record,
    payment_refund,
)
from telesales.models import Grade
from telesales.selectors.pay import pay_statement_for
from telesales.services.prospects import prospect_convert
from tests.conftest import CURRENT_TIME, SHANGHAI
from tests.customers.factories import CustomerFactory
from tests.telesales.factories import graded, log

pytestmark = pytest.mark.django_db

NOVEMBER = dt.date(2026, 11, 1)


def statement_url(rep, month=NOVEMBER) -> str:
    return reverse("telesales:pay_statement", args=[rep.pk, month])


def paid(customer, *, rep, finance, amount: str, confirm: bool = True, at=CURRENT_TIME):
    """A deal on `customer` with one payment of `amount`, confirmed by finance."""
    deal = deal_create(
        customer=customer,
        rep=rep,
        by=rep,
        lines=[LineInput("运维服务", 1, Decimal("100000"))],
        now=at,
    )
    payment = payment_record(
        deal=deal,
        amount=Decimal(amount),
        received_on=at.date(),
        method=PaymentMethod.TRANSFER,
        by=rep,
        now=at,
    )
    if confirm:
        payment = payment_confirm(payment_id=payment.pk, by=finance, now=at)
    return payment


@pytest.fixture
def month_of_work(seller, rep, supervisor, finance, frozen_now):
    """3 valid calls and 1 not, one A and one B prospect, ¥12,345.67 collected on the A."""
    log(seller, organisation="顺达物流", phone="01082310002")
    log(seller, organisation="金桥会计", phone="01082310003", headcount=None)
    a = graded(owner=seller, field_rep=rep, grader=supervisor, grade=Grade.A)
    graded(
        owner=seller,
        field_rep=rep,
        grader=supervisor,
        grade=Grade.B,
        organisation="博雅培训",
        phone="13710010006",
    )
    customer = prospect_convert(prospect=a, by=supervisor, now=frozen_now)
    paid(customer, rep=rep, finance=finance, amount="12345.67")
    a.refresh_from_db()
    return a


@pytest.mark.rule("TEL-5", "DEAL-1")
def test_pay_is_base_plus_valid_calls_ab_prospects_and_one_percent_collected(seller, month_of_work):
    statement = pay_statement_for(rep=seller, month=NOVEMBER)
    amounts = {line.key: line.amount for line in statement.lines}
    assert amounts == {
        "base": Decimal("1000.00"),
        "valid_calls": Decimal("1.50"),
        "a": Decimal("100.00"),
        "b": Decimal("50.00"),
        "collected": Decimal("123.46"),  # 1% of 12,345.67, rounded to fen
    }
    assert statement.total == Decimal("1274.96")
    assert statement.payable == statement.total
    assert statement.withheld == Decimal("0.00")
    assert all(isinstance(line.amount, Decimal) for line in statement.lines)


@pytest.mark.rule("TEL-5")
def test_every_number_of_the_formula_is_an_admin_setting(seller, month_of_work, set_param):
    set_param("telesales.pay_base", "1200")
    set_param("telesales.pay_per_valid_call", "0.8")
    set_param("telesales.pay_per_a", "150")
    set_param("telesales.pay_per_b", "60")
    set_param("telesales.pay_collection_percent", "2")
    statement = pay_statement_for(rep=seller, month=NOVEMBER)
    assert statement.total == Decimal("1200") + Decimal("2.40") + 150 + 60 + Decimal("246.91")


@pytest.mark.rule("TEL-5", "DEAL-1")
def test_only_payments_finance_confirmed_on_the_reps_own_prospects_count(
    seller, other_seller, rep, supervisor, finance, month_of_work, frozen_now
):
    customer = month_of_work.customer
    paid(customer, rep=rep, finance=finance, amount="5000", confirm=False)  # pending
    refunded = paid(customer, rep=rep, finance=finance, amount="7000")
    payment_refund(payment_id=refunded.pk, by=finance, now=frozen_now, reason="退货")
    paid(CustomerFactory(), rep=rep, finance=finance, amount="9000")  # not from telesales
    theirs = graded(
        owner=other_seller,
        field_rep=rep,
        grader=supervisor,
        organisation="别人的公司",
        phone="01082318888",
    )
    paid(
        prospect_convert(prospect=theirs, by=supervisor, now=frozen_now),
        rep=rep,
        finance=finance,
        amount="8000",
    )
    paid(customer, rep=rep, finance=finance, amount="1000", at=CURRENT_TIME + dt.timedelta(days=10))
    statement = pay_statement_for(rep=seller, month=NOVEMBER)
    assert statement.line("collected").basis == Decimal("12345.67")
    december = pay_statement_for(rep=seller, month=dt.date(2026, 12, 1))
    assert december.line("collected").basis == Decimal("1000.00")


@pytest.mark.rule("TEL-5")
def test_the_month_is_the_local_month(seller, frozen_now):
    last_minute = dt.datetime(2026, 11, 30, 23, 59, tzinfo=SHANGHAI)
    log(seller, now=last_minute)
    log(
        seller,
        organisation="十二月",
        phone="01082319999",
        now=last_minute + dt.timedelta(minutes=2),
    )
    assert pay_statement_for(rep=seller, month=NOVEMBER).line("valid_calls").basis == 1
    december = pay_statement_for(rep=seller, month=dt.date(2026, 12, 1))
    assert december.line("valid_calls").basis == 1


@pytest.mark.rule("TEL-5", "HAND-1")
def test_a_leavers_withheld_commission_shows_as_withheld_not_payable(
    client_for, seller, month_of_work
):
    seller.staff.commission_withheld = True
    seller.staff.save()
    statement = pay_statement_for(rep=seller, month=NOVEMBER)
    assert statement.withheld == Decimal("274.96")
    assert statement.payable == Decimal("1000.00")
    page = client_for(seller).get(statement_url(seller)).content.decode()
    assert "Withheld until the handover is done" in page
    assert "¥274.96" in page


@pytest.mark.rule("TEL-5")
def test_the_statement_lists_the_records_behind_each_line(
    client_for, seller, supervisor, month_of_work
):
    client = client_for(supervisor)
    page = client.get(statement_url(seller)).content.decode()
    assert "¥1,274.96" in page
    assert reverse("telesales:prospect_detail", args=[month_of_work.pk]) in page  # the A
    assert "博雅培训" in page  # the B
    assert "¥12,345.67" in page  # the payment
    calls_url = reverse("telesales:pay_calls", args=[seller.pk, NOVEMBER])
    assert calls_url in page
    calls = client.get(calls_url)
    assert calls.context["page"].paginator.count == 3
    listed = calls.content.decode()
    assert "顺达物流" in listed
    assert "金桥会计" not in listed


@pytest.mark.rule("TEL-5", "SEAL-2")
def test_who_sees_which_statement(
    client_for, seller, other_seller, other_supervisor, finance, manager, frozen_now
):
    url = statement_url(seller)
    assert client_for(seller).get(url).status_code == 200
    assert client_for(finance).get(url).status_code == 200
    assert client_for(manager).get(url).status_code == 200
    assert client_for(other_seller).get(url).status_code == 404
    assert client_for(other_supervisor).get(url).status_code == 404
    response = client_for(seller).get(reverse("telesales:pay_list"))
    assert response.url == reverse(
        "telesales:pay_statement", args=[seller.pk, frozen_now.date().replace(day=1)]
    )


def test_the_pay_list_and_statement_have_pinned_query_counts(
    client_for, manager, seller, month_of_work, make_user, frozen_now, django_assert_max_num_queries
):
    from crm import roles

    for i in range(30):
        user = make_user(roles.TELESALES, username=f"tel{i}")
        log(user, organisation=f"公司{i}", phone=f"010823{i:05d}")
    client = client_for(manager)
    # The five rates are one query each until cached (a minute): counted here, cold.
    with django_assert_max_num_queries(15):
        response = client.get(reverse("telesales:pay_list"), {"month": "2026-11"})
    assert len(response.context["statements"]) == 25
    with django_assert_max_num_queries(16):
        client.get(statement_url(seller))
    with django_assert_max_num_queries(10):
        client.get(reverse("telesales:pay_calls", args=[seller.pk, NOVEMBER]))
