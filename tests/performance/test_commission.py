"""Commission statements: confirmed payments only (DEAL-1), reversed by refunds, frozen when
the month closes, withheld from a leaver until the handover is done (HAND-1)."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from deals.services import payment_record, payment_refund
from performance.models import CommissionKind, CommissionLine, CommissionStatement
from performance.selectors.commission import Status, commission_statement_for
from performance.services.close import month_close
from performance.services.commission import commission_statement_pay
from pools.handover import handover_mark_leaving, handover_mark_left, handover_redistribute
from pools.models import Ownership
from tests.conftest import SHANGHAI
from tests.performance.factories import sale

OCTOBER = dt.date(2026, 10, 1)
NOVEMBER = dt.date(2026, 11, 1)
IN_OCTOBER = dt.datetime(2026, 10, 15, 10, 0, tzinfo=SHANGHAI)
FIRST_OF_NOVEMBER = dt.datetime(2026, 11, 1, 0, 20, tzinfo=SHANGHAI)
IN_NOVEMBER = dt.datetime(2026, 11, 20, 15, 0, tzinfo=SHANGHAI)
LIST = reverse("performance:commission_list")
MINE = reverse("performance:my_commission")


def statement_url(user, month=OCTOBER) -> str:
    return reverse("performance:commission_statement", args=[user.pk, month.year, month.month])


def sale_at(when, **kwargs):
    with time_machine.travel(when, tick=False):
        return sale(at=when, **kwargs)


@pytest.fixture
def october(rep, finance):
    """Two payments finance confirmed for the rep in October."""
    first = sale_at(IN_OCTOBER, rep=rep, finance=finance, amount="10000.00")
    second = sale_at(IN_OCTOBER, rep=rep, finance=finance, amount="2345.67")
    return first, second


@pytest.mark.rule("DEAL-1")
def test_commission_is_3_percent_of_each_confirmed_payment_on_the_reps_deals(october, rep, finance):
    pending_deal = october[0].deal
    pending_deal.total += Decimal("5000")
    pending_deal.save()
    with time_machine.travel(IN_OCTOBER, tick=False):
        payment_record(
            deal=pending_deal,
            amount=Decimal("5000"),
            received_on=IN_OCTOBER.date(),
            method="cash",
            by=rep,
            now=IN_OCTOBER,
        )
    with time_machine.travel(IN_OCTOBER, tick=False):
        view = commission_statement_for(rep=rep, month=OCTOBER)
    assert view.rate == Decimal("0.03")
    assert view.payments_total == Decimal("12345.67")
    assert view.commission == Decimal("370.37")  # 300.00 + 70.37 (70.3701 rounded)
    assert [line.payment_id for line in view.lines] == [p.pk for p in october]
    assert view.status == Status.OPEN


@pytest.mark.rule("DEAL-1")
def test_the_statement_lists_the_payments_behind_it(client_for, october, rep, finance):
    month_close(month=OCTOBER, now=FIRST_OF_NOVEMBER)
    page = client_for(rep).get(statement_url(rep)).content.decode()
    for payment in october:
        assert f'data-payment="{payment.pk}"' in page
        assert payment.customer.name in page
    assert "¥300.00" in page
    assert "¥70.37" in page
    assert "¥370.37" in page
    assert "3%" in page


@pytest.mark.rule("DEAL-1")
def test_commission_goes_to_the_deals_rep_when_finance_confirmed(rep, rep2, finance):
    payment = sale_at(IN_OCTOBER, rep=rep, finance=finance, amount="1000.00")
    deal = payment.deal
    with time_machine.travel(IN_OCTOBER + dt.timedelta(days=2), tick=False):
        deal.rep = rep2  # an admin's correction after the payment was confirmed
        deal.save()
    month_close(month=OCTOBER, now=FIRST_OF_NOVEMBER)
    statement = CommissionStatement.objects.get(month=OCTOBER)
    assert (statement.rep, statement.commission) == (rep, Decimal("30.00"))


@pytest.mark.rule("DEAL-1")
def test_a_refund_in_the_same_month_takes_the_commission_back(rep, finance):
    payment = sale_at(IN_OCTOBER, rep=rep, finance=finance, amount="1000.00")
    later = IN_OCTOBER + dt.timedelta(days=3)
    with time_machine.travel(later, tick=False):
        payment_refund(payment_id=payment.pk, by=finance, now=later, reason="客户退货")
    month_close(month=OCTOBER, now=FIRST_OF_NOVEMBER)
    statement = CommissionStatement.objects.get(rep=rep, month=OCTOBER)
    assert statement.commission == Decimal("0.00")
    kinds = list(statement.lines.values_list("kind", "commission"))
    assert kinds == [
        (CommissionKind.CREDIT, Decimal("30.00")),
        (CommissionKind.REVERSAL, Decimal("-30.00")),
    ]


@pytest.mark.rule("DEAL-1")
def test_a_refund_after_the_close_is_taken_back_next_month_at_the_rate_it_was_earned(
    rep, finance, set_param
):
    payment = sale_at(IN_OCTOBER, rep=rep, finance=finance, amount="1000.00")
    month_close(month=OCTOBER, now=FIRST_OF_NOVEMBER)
    set_param("performance.commission_rate", "0.05")
    with time_machine.travel(IN_NOVEMBER, tick=False):
        payment_refund(payment_id=payment.pk, by=finance, now=IN_NOVEMBER, reason="退货")
        november = commission_statement_for(rep=rep, month=NOVEMBER)
    october = CommissionStatement.objects.get(rep=rep, month=OCTOBER)
    assert october.commission == Decimal("30.00")
    assert november.commission == Decimal("-30.00")
    assert november.lines[0].rate == Decimal("0.0300")
    month_close(month=NOVEMBER, now=dt.datetime(2026, 12, 1, 0, 20, tzinfo=SHANGHAI))
    frozen = CommissionStatement.objects.get(rep=rep, month=NOVEMBER)
    assert (frozen.commission, frozen.reversed_total) == (Decimal("-30.00"), Decimal("1000.00"))


@pytest.mark.rule("DEAL-1")
def test_a_closed_statement_keeps_its_rate_when_the_parameter_changes(rep, finance, set_param):
    sale_at(IN_OCTOBER, rep=rep, finance=finance, amount="1000.00")
    month_close(month=OCTOBER, now=FIRST_OF_NOVEMBER)
    set_param("performance.commission_rate", "0.05")
    sale_at(IN_NOVEMBER, rep=rep, finance=finance, amount="1000.00")
    statement = CommissionStatement.objects.get(rep=rep, month=OCTOBER)
    assert (statement.rate, statement.commission) == (Decimal("0.0300"), Decimal("30.00"))
    assert statement.rule == "DEAL-1"
    assert statement.params == {"rate": "0.03"}
    with time_machine.travel(IN_NOVEMBER, tick=False):
        assert commission_statement_for(rep=rep, month=NOVEMBER).commission == Decimal("50.00")


@pytest.mark.rule("DEAL-1")
def test_closing_commission_twice_changes_nothing(october, rep):
    month_close(month=OCTOBER, now=FIRST_OF_NOVEMBER)
    assert month_close(month=OCTOBER, now=FIRST_OF_NOVEMBER) is None
    assert CommissionStatement.objects.count() == 1
    assert CommissionLine.objects.count() == 2


# HAND-1: withheld from a leaver until the handover is complete -----------------------


@pytest.fixture
def leaving_rep(october, rep, manager, department, frozen_now):
    handover_mark_leaving(user=rep, by=manager, now=frozen_now)
    month_close(month=OCTOBER, now=FIRST_OF_NOVEMBER)
    return rep


@pytest.mark.rule("HAND-1")
def test_a_leavers_statement_shows_the_commission_withheld_and_why(
    client_for, leaving_rep, finance, frozen_now
):
    view = commission_statement_for(rep=leaving_rep, month=OCTOBER)
    assert view.status == Status.WITHHELD
    page = client_for(finance).get(statement_url(leaving_rep)).content.decode()
    assert "Withheld, not payable" in page
    assert "Still to hand over: customers 2, archive cards 0." in page
    assert "Mark paid" not in page
    listing = client_for(finance).get(LIST, {"month": "2026-10"}).content.decode()
    assert "Withheld" in listing


@pytest.mark.rule("HAND-1")
def test_finance_cannot_pay_a_withheld_statement(client_for, leaving_rep, finance):
    statement = CommissionStatement.objects.get(rep=leaving_rep)
    with pytest.raises(ValidationError, match="withheld until their handover is complete"):
        commission_statement_pay(statement_id=statement.pk, by=finance, now=FIRST_OF_NOVEMBER)
    response = client_for(finance).post(
        reverse("performance:commission_pay", args=[statement.pk]), follow=True
    )
    assert "withheld until their handover is complete" in response.content.decode()
    statement.refresh_from_db()
    assert statement.paid_at is None


@pytest.mark.rule("HAND-1")
def test_the_rep_sees_their_own_commission_withheld(client_for, leaving_rep):
    page = client_for(leaving_rep).get(MINE).content.decode()
    assert "Your commission is withheld" in page


@pytest.mark.rule("HAND-1")
def test_once_the_handover_is_complete_the_commission_is_payable_and_finance_pays_it(
    client_for, leaving_rep, rep2, manager, finance, frozen_now
):
    customers = Ownership.objects.filter(owner=leaving_rep).values_list("customer_id", flat=True)
    handover_redistribute(
        leaver=leaving_rep, assignments=dict.fromkeys(customers, rep2), by=manager, now=frozen_now
    )
    handover_mark_left(user=leaving_rep, by=manager, now=frozen_now)
    assert commission_statement_for(rep=leaving_rep, month=OCTOBER).status == Status.PAYABLE
    statement = CommissionStatement.objects.get(rep=leaving_rep)
    client = client_for(finance)
    page = client.get(statement_url(leaving_rep)).content.decode()
    assert "Mark paid" in page
    response = client.post(
        reverse("performance:commission_pay", args=[statement.pk]),
        {"next": statement_url(leaving_rep)},
        follow=True,
    )
    assert "is marked paid" in response.content.decode()
    statement.refresh_from_db()
    assert (statement.paid_by, statement.paid_at) == (finance, frozen_now)
    assert statement.history.first().history_user == finance
    assert "Paid on" in client.get(statement_url(leaving_rep)).content.decode()


# Finance's list and who sees what ------------------------------------------------------


def test_finance_marks_a_statement_paid_once(october, rep, finance, frozen_now):
    month_close(month=OCTOBER, now=FIRST_OF_NOVEMBER)
    statement = CommissionStatement.objects.get(rep=rep)
    commission_statement_pay(statement_id=statement.pk, by=finance, now=frozen_now)
    with pytest.raises(ValidationError, match="already marked paid"):
        commission_statement_pay(statement_id=statement.pk, by=finance, now=frozen_now)


def test_only_finance_marks_statements_paid(client_for, october, rep, frozen_now):
    month_close(month=OCTOBER, now=FIRST_OF_NOVEMBER)
    statement = CommissionStatement.objects.get(rep=rep)
    response = client_for(rep).post(reverse("performance:commission_pay", args=[statement.pk]))
    assert response.status_code == 403
    statement.refresh_from_db()
    assert statement.paid_at is None


def test_an_open_month_offers_no_payment(client_for, rep, finance, frozen_now):
    sale_at(frozen_now, rep=rep, finance=finance, amount="1000.00")
    client = client_for(finance)
    listing = client.get(LIST, {"month": "2026-11"})
    assert listing.context["closed"] is False
    assert "Month not closed" in listing.content.decode()
    assert "Mark paid" not in listing.content.decode()
    assert "Month not closed" in client.get(statement_url(rep, NOVEMBER)).content.decode()


def test_finance_sees_every_reps_statement_by_default_last_month(
    client_for, october, rep, rep2, finance, frozen_now
):
    sale_at(IN_OCTOBER, rep=rep2, finance=finance, amount="500.00")
    month_close(month=OCTOBER, now=FIRST_OF_NOVEMBER)
    response = client_for(finance).get(LIST)
    assert response.context["month"] == OCTOBER
    page = response.content.decode()
    assert "张伟" in page
    assert "李强" in page
    assert "¥15.00" in page
    filtered = client_for(finance).get(LIST, {"month": "2026-10", "status": "paid"})
    assert filtered.context["rows"] == []


def test_a_rep_sees_their_own_commission_and_another_reps_answers_404(
    client_for, october, rep, rep2, frozen_now
):
    client = client_for(rep)
    assert client.get(statement_url(rep)).status_code == 200
    assert client.get(statement_url(rep2)).status_code == 404
    assert client.get(LIST).status_code == 403
    assert client_for(rep2).get(statement_url(rep)).status_code == 404


def test_my_commission_shows_this_month_live_and_past_statements(
    client_for, october, rep, finance, frozen_now
):
    month_close(month=OCTOBER, now=FIRST_OF_NOVEMBER)
    sale_at(frozen_now, rep=rep, finance=finance, amount="2000.00")
    response = client_for(rep).get(MINE)
    assert response.context["current"].commission == Decimal("60.00")
    assert response.context["last_month"] is None
    assert [s.month for s, _status in response.context["rows"]] == [OCTOBER]
    assert "¥370.37" in response.content.decode()


def test_commission_pages_have_pinned_query_counts(
    client_for, make_user, rep, finance, frozen_now, django_assert_max_num_queries
):
    from crm import roles

    reps = [rep] + [make_user(roles.REP, username=f"r{i}") for i in range(34)]
    for person in reps:
        for _ in range(2):
            sale_at(IN_OCTOBER, rep=person, finance=finance, amount="1000.00")
    for _ in range(25):
        sale_at(frozen_now, rep=rep, finance=finance, amount="100.00")
    month_close(month=OCTOBER, now=FIRST_OF_NOVEMBER)
    client = client_for(finance)
    client.get(LIST)  # warm the parameter cache
    # (finance's session carries its second factor: one query for the device, SEC-5)
    with django_assert_max_num_queries(10):
        response = client.get(LIST)
    assert len(response.context["rows"]) == 30
    with django_assert_max_num_queries(10):
        response = client.get(LIST, {"month": "2026-11"})
    assert len(response.context["rows"]) == 1
    with django_assert_max_num_queries(12):
        response = client.get(statement_url(rep, NOVEMBER))
    assert len(response.context["view"].lines) == 25
    rep_client = client_for(rep)
    rep_client.get(MINE)
    with django_assert_max_num_queries(14):
        rep_client.get(MINE)
