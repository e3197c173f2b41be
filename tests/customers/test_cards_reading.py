"""Reading a card (CARD-9): content only with a basis; reads during a visit are logged."""

import pytest
from django.urls import reverse

from crm import roles
from customers.models import ReadLog
from tests.customers.factories import CustomerFactory
from tests.customers.factories_cards import (
    CheckoutFactory,
    CustodyCardFactory,
    FilledCardFactory,
)
from tests.customers.factories_sealing import GrantFactory

pytestmark = pytest.mark.django_db

SECRET = "高血压，服药控制"  # the health condition FilledCardFactory writes


@pytest.fixture
def doctor(make_user):
    return make_user(roles.SERVICE_DOCTOR, username="doctor", last_name="周", first_name="医生")


@pytest.fixture
def card(rep, doctor):
    """A card in the doctor's custody, of a customer the rep owns."""
    return CustodyCardFactory(
        attendance__rep=rep, attendance__customer=CustomerFactory(owner=rep), custodian=doctor
    )


def open_card(client, card):
    return client.get(reverse("customers:card_detail", args=[card.pk]))


@pytest.mark.rule("CARD-9")
def test_the_rep_reads_the_card_they_are_filling(client_for, rep, frozen_now):
    draft = FilledCardFactory(attendance__rep=rep)

    response = open_card(client_for(rep), draft)

    assert SECRET in response.content.decode()
    assert not ReadLog.objects.exists()


@pytest.mark.rule("CARD-9")
def test_once_in_custody_the_rep_sees_the_metadata_and_a_link_to_ask_for_access(
    client_for, rep, card, frozen_now
):
    response = open_card(client_for(rep), card)

    page = response.content.decode()
    assert response.status_code == 200
    assert SECRET not in page
    assert 'data-content="sealed"' in page
    assert f"{reverse('customers:access_new')}?card={card.pk}" in page
    assert card.customer.name in page


@pytest.mark.rule("CARD-9", "CARD-7")
def test_the_holder_reads_the_card_during_a_visit_and_the_read_is_logged(
    client_for, rep, card, frozen_now
):
    CheckoutFactory(card=card, holder=rep)

    response = open_card(client_for(rep), card)

    assert SECRET in response.content.decode()
    log = ReadLog.objects.get()
    assert (log.reader, log.card, log.basis, log.read_at) == (rep, card, "visit", frozen_now)


@pytest.mark.rule("CARD-9")
def test_the_custodian_reads_the_cards_in_custody(client_for, doctor, card, frozen_now):
    assert SECRET in open_card(client_for(doctor), card).content.decode()


@pytest.mark.rule("CARD-9", "SEAL-1")
def test_a_sales_manager_needs_an_approval_and_the_approved_read_is_logged(
    client_for, make_user, card, frozen_now
):
    manager = make_user(roles.SALES_MANAGER)
    client = client_for(manager)
    assert SECRET not in open_card(client, card).content.decode()

    GrantFactory(requester=manager, survey=None, card=card)
    response = open_card(client, card)

    assert SECRET in response.content.decode()
    assert ReadLog.objects.get().basis == "approval"


def test_a_rep_who_does_not_follow_the_customer_gets_404(client_for, card, make_user):
    other = make_user(roles.REP)
    assert open_card(client_for(other), card).status_code == 404


def test_a_card_page_is_not_cached(client_for, rep, frozen_now):
    draft = FilledCardFactory(attendance__rep=rep)
    response = open_card(client_for(rep), draft)
    assert "no-store" in response["Cache-Control"]


def test_the_card_page_pins_its_query_count(
    client_for, rep, card, django_assert_max_num_queries, frozen_now
):
    CheckoutFactory(card=card, holder=rep)
    client = client_for(rep)

    with django_assert_max_num_queries(16):
        response = open_card(client, card)

    assert response.status_code == 200
