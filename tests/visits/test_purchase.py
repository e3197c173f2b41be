"""VISIT-12: when a non-buyer buys, the buyer schedule starts from the purchase, and their
open non-buyer visits close as superseded (kept, with the rule that closed them)."""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from deals.services import payment_confirm
from pools.models import Ownership
from tests.customers.factories import CustomerFactory
from tests.deals.factories import make_deal, make_payment
from tests.visits.factories import card_made, due_dates
from visits.models import TaskSource, TaskStatus, Visitor, VisitTask
from visits.services import visit_tasks_catch_up

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
D = dt.date
CARD_DAY = dt.datetime(2026, 3, 2, 10, tzinfo=SHANGHAI)
BUY_DAY = dt.datetime(2026, 3, 10, 16, tzinfo=SHANGHAI)


def buy(*, customer, rep, finance, now):
    deal = make_deal(customer=customer, rep=rep, total="1960.00", now=now)
    payment = make_payment(deal=deal, amount="1960.00", now=now)
    return payment_confirm(payment_id=payment.pk, by=finance, now=now)


@pytest.mark.rule("VISIT-12")
def test_a_non_buyer_who_buys_gets_the_buyer_schedule_from_the_purchase_day(rep, doctor, finance):
    customer = CustomerFactory(owner=rep)
    with time_machine.travel(CARD_DAY, tick=False):
        card = card_made(
            customer=customer, rep=rep, bought=False, held_on=D(2026, 3, 2), now=CARD_DAY
        )
    card.custodian = doctor
    card.save()
    first = VisitTask.objects.get(customer=customer, days=3)
    first.status, first.done_at = TaskStatus.DONE, CARD_DAY + dt.timedelta(days=2)
    first.save()

    with time_machine.travel(BUY_DAY, tick=False):
        buy(customer=customer, rep=rep, finance=finance, now=BUY_DAY)

    # The 3-day visit was done and stays done; the 15-day one is superseded, not deleted.
    second = VisitTask.objects.get(customer=customer, days=15, visitor=Visitor.REP)
    assert second.status == TaskStatus.SUPERSEDED
    assert second.closed_why == {"rule": "VISIT-12"}
    assert second.closed_at == BUY_DAY
    assert VisitTask.objects.get(pk=first.pk).status == TaskStatus.DONE
    assert due_dates(customer, visitor=Visitor.REP) == [
        D(2026, 3, 13),
        D(2026, 4, 9),
        D(2026, 5, 9),
    ]
    assert due_dates(customer, visitor=Visitor.DOCTOR) == [
        D(2026, 3, 25),
        D(2026, 4, 9),
        D(2026, 5, 9),
    ]
    purchase_tasks = VisitTask.objects.filter(customer=customer, source=TaskSource.PURCHASE)
    assert {t.anchor_on for t in purchase_tasks} == {D(2026, 3, 10)}
    assert {t.assignee for t in purchase_tasks if t.visitor == Visitor.DOCTOR} == {doctor}


@pytest.mark.rule("VISIT-12")
def test_the_superseded_visit_says_why_on_the_customer_page(rep, finance, client_for):
    customer = CustomerFactory(owner=rep)
    with time_machine.travel(CARD_DAY, tick=False):
        card_made(customer=customer, rep=rep, bought=False, held_on=D(2026, 3, 2), now=CARD_DAY)
    with time_machine.travel(BUY_DAY, tick=False):
        buy(customer=customer, rep=rep, finance=finance, now=BUY_DAY)
        response = client_for(rep).get(f"/visits/customers/{customer.pk}/panel/")
    body = response.content.decode()
    assert "days after the first purchase on" in body
    assert '<code class="why-rule">VISIT-12</code>' in body


@pytest.mark.rule("VISIT-12")
def test_a_buyer_card_already_started_the_schedule_so_a_payment_adds_nothing(rep, finance):
    customer = CustomerFactory(owner=rep)
    with time_machine.travel(CARD_DAY, tick=False):
        card_made(customer=customer, rep=rep, bought=True, held_on=D(2026, 3, 2), now=CARD_DAY)
    before = VisitTask.objects.count()
    with time_machine.travel(BUY_DAY, tick=False):
        buy(customer=customer, rep=rep, finance=finance, now=BUY_DAY)
    assert VisitTask.objects.count() == before


@pytest.mark.rule("VISIT-12")
def test_a_customer_without_a_card_gets_the_reps_buyer_visits_only(rep, finance):
    customer = CustomerFactory(owner=rep)
    with time_machine.travel(BUY_DAY, tick=False):
        buy(customer=customer, rep=rep, finance=finance, now=BUY_DAY)
    assert due_dates(customer, visitor=Visitor.REP) == [
        D(2026, 3, 13),
        D(2026, 4, 9),
        D(2026, 5, 9),
    ]
    assert due_dates(customer, visitor=Visitor.DOCTOR) == []


@pytest.mark.rule("VISIT-12")
def test_a_second_payment_starts_nothing_again(rep, finance):
    customer = CustomerFactory(owner=rep)
    with time_machine.travel(BUY_DAY, tick=False):
        buy(customer=customer, rep=rep, finance=finance, now=BUY_DAY)
        buy(customer=customer, rep=rep, finance=finance, now=BUY_DAY + dt.timedelta(hours=1))
    assert VisitTask.objects.filter(customer=customer).count() == 3


@pytest.mark.rule("VISIT-12")
def test_a_buyer_card_after_a_non_buyer_card_supersedes_its_open_visits(rep):
    customer = CustomerFactory(owner=rep)
    with time_machine.travel(CARD_DAY, tick=False):
        card_made(customer=customer, rep=rep, bought=False, held_on=D(2026, 3, 2), now=CARD_DAY)
        card_made(customer=customer, rep=rep, bought=True, held_on=D(2026, 3, 4), now=CARD_DAY)
    assert due_dates(customer, visitor=Visitor.REP, status=TaskStatus.SUPERSEDED) == [
        D(2026, 3, 5),
        D(2026, 3, 17),
    ]


@pytest.mark.rule("VISIT-12")
def test_the_catch_up_starts_a_missed_purchase_schedule_once(rep):
    customer = CustomerFactory(owner=rep)
    with time_machine.travel(CARD_DAY, tick=False):
        card_made(customer=customer, rep=rep, bought=False, held_on=D(2026, 3, 2), now=CARD_DAY)
    # A first sale recorded without the hook (e.g. an import of past payments).
    Ownership.objects.filter(customer=customer).update(first_sale_at=BUY_DAY, last_sale_at=BUY_DAY)
    now = BUY_DAY + dt.timedelta(days=1)
    first = visit_tasks_catch_up(now=now)
    again = visit_tasks_catch_up(now=now)
    assert first["purchases"] == 6  # the customer has a card: the doctor's visits too
    assert first["superseded"] == 2
    assert again["purchases"] == again["superseded"] == 0
    assert due_dates(customer, visitor=Visitor.REP) == [
        D(2026, 3, 13),
        D(2026, 4, 9),
        D(2026, 5, 9),
    ]
