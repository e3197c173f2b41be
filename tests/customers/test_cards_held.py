"""The cards a person holds (CARD-10): custody for a doctor, open check-outs for anyone.

HAND-1 uses `cards_held_by` to keep a leaver from leaving with cards.
"""

import datetime as dt

import pytest
from django.urls import reverse

from crm import roles
from customers.selectors.cards import HELD_CHECKOUT, HELD_CUSTODY, cards_held_by
from tests.customers.factories_cards import CheckoutFactory, CustodyCardFactory
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def doctor(make_user):
    return make_user(roles.SERVICE_DOCTOR, username="doctor")


def staff_cards(client, person):
    return client.get(reverse("customers:staff_cards", args=[person.pk]))


@pytest.mark.rule("CARD-10")
def test_a_reps_open_check_outs_are_the_cards_they_hold(rep, doctor, frozen_now):
    out = CheckoutFactory(card=CustodyCardFactory(custodian=doctor), holder=rep)
    CheckoutFactory(card=CustodyCardFactory(custodian=doctor), holder=rep, returned_at=frozen_now)

    held = list(cards_held_by(user=rep))

    assert [(c, c.held_as, c.due_on) for c in held] == [
        (out.card, HELD_CHECKOUT, dt.date(2026, 11, 23))
    ]


@pytest.mark.rule("CARD-10")
def test_a_doctor_holds_the_cards_in_custody_even_while_one_is_checked_out(rep, doctor, frozen_now):
    cabinet = CustodyCardFactory(custodian=doctor)
    lent = CustodyCardFactory(custodian=doctor)
    CheckoutFactory(card=lent, holder=rep)

    held = {c: c.held_as for c in cards_held_by(user=doctor)}

    assert held == {cabinet: HELD_CUSTODY, lent: HELD_CUSTODY}


@pytest.mark.rule("CARD-10")
def test_the_person_sees_their_held_cards(client_for, rep, doctor, frozen_now):
    out = CheckoutFactory(card=CustodyCardFactory(custodian=doctor), holder=rep)

    response = staff_cards(client_for(rep), rep)

    page = response.content.decode()
    assert f'data-card="{out.card_id}" data-held-as="checkout"' in page
    assert 'data-held="1"' in page


@pytest.mark.rule("CARD-10")
def test_the_supervisor_and_the_sales_manager_see_a_reps_held_cards(
    client_for, rep, supervisor, team, doctor, make_user, frozen_now
):
    CheckoutFactory(card=CustodyCardFactory(custodian=doctor), holder=rep)
    manager = make_user(roles.SALES_MANAGER)

    for viewer in (supervisor, manager):
        response = staff_cards(client_for(viewer), rep)
        assert response.status_code == 200
        assert response.context["page"].paginator.count == 1


def test_another_rep_or_another_teams_supervisor_gets_404(
    client_for, rep, team, make_user, frozen_now
):
    other_rep = make_user(roles.REP)
    other_supervisor = make_user(roles.SUPERVISOR)
    TeamFactory(leader=other_supervisor)

    for viewer in (other_rep, other_supervisor):
        assert staff_cards(client_for(viewer), rep).status_code == 404


def test_an_unknown_person_is_404(client_for, supervisor):
    response = client_for(supervisor).get(reverse("customers:staff_cards", args=[987654]))
    assert response.status_code == 404


def test_the_held_cards_page_pins_its_query_count(
    client_for, doctor, rep, django_assert_max_num_queries, frozen_now
):
    for _ in range(3):
        CustodyCardFactory(custodian=doctor)
        CheckoutFactory(card=CustodyCardFactory(custodian=doctor), holder=rep)
    client = client_for(doctor)

    with django_assert_max_num_queries(8):
        response = staff_cards(client, doctor)

    assert response.context["page"].paginator.count == 6
