"""CARD-9: who may read an archive card without an approval, and which reads are logged."""

import datetime as dt

import pytest

from crm import roles
from customers.models import CardStatus, ReadLog
from customers.selectors.sealing import card_read_basis
from customers.services.sealing import sealed_card_read
from tests.customers.factories import ArchiveCardFactory
from tests.customers.factories_sealing import (
    AccessRequestFactory,
    CardCheckoutFactory,
    GrantFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def doctor(make_user):
    return make_user(roles.SERVICE_DOCTOR, username="doctor", last_name="周", first_name="静")


@pytest.fixture
def draft(rep, frozen_now):
    """A card the rep is still filling."""
    return ArchiveCardFactory(attendance__rep=rep)


@pytest.fixture
def kept(rep, doctor, frozen_now):
    """A card the rep filled, now in the doctor's custody."""
    return ArchiveCardFactory(attendance__rep=rep, status=CardStatus.IN_CUSTODY, custodian=doctor)


@pytest.mark.rule("CARD-9")
def test_the_rep_reads_their_card_until_it_is_in_a_doctors_custody(rep, draft, kept, frozen_now):
    assert card_read_basis(user=rep, card=draft, now=frozen_now) == "author"
    assert card_read_basis(user=rep, card=kept, now=frozen_now) is None


@pytest.mark.rule("CARD-9", "CARD-6")
def test_the_custodian_doctor_reads_the_cards_they_hold(doctor, make_user, kept, frozen_now):
    other_doctor = make_user(roles.SERVICE_DOCTOR)
    assert card_read_basis(user=doctor, card=kept, now=frozen_now) == "custodian"
    assert card_read_basis(user=other_doctor, card=kept, now=frozen_now) is None


@pytest.mark.rule("CARD-9", "CARD-7")
def test_the_holder_of_an_open_check_out_reads_it_for_the_visit_until_it_is_returned(
    rep, kept, frozen_now
):
    checkout = CardCheckoutFactory(card=kept, holder=rep)
    assert card_read_basis(user=rep, card=kept, now=frozen_now) == "visit"

    checkout.returned_at = frozen_now + dt.timedelta(hours=3)
    checkout.save()
    assert card_read_basis(user=rep, card=kept, now=frozen_now) is None


@pytest.mark.rule("CARD-9", "CARD-7")
def test_someone_elses_check_out_gives_no_reading(rep, make_user, kept, frozen_now):
    CardCheckoutFactory(card=kept, holder=make_user(roles.REP))
    assert card_read_basis(user=rep, card=kept, now=frozen_now) is None


@pytest.mark.rule("CARD-9", "SEAL-1")
def test_anyone_else_needs_an_approval_for_that_one_card_and_in_time(
    supervisor, rep, kept, frozen_now
):
    other_card = ArchiveCardFactory(status=CardStatus.IN_CUSTODY, custodian=kept.custodian)
    AccessRequestFactory(requester=supervisor, survey=None, card=kept)  # only waiting
    assert card_read_basis(user=supervisor, card=kept, now=frozen_now) is None

    GrantFactory(requester=supervisor, survey=None, card=kept)
    assert card_read_basis(user=supervisor, card=kept, now=frozen_now) == "approval"
    assert card_read_basis(user=supervisor, card=other_card, now=frozen_now) is None
    assert card_read_basis(user=rep, card=kept, now=frozen_now) is None
    later = frozen_now + dt.timedelta(hours=24)
    assert card_read_basis(user=supervisor, card=kept, now=later) is None


@pytest.mark.rule("CARD-9", "SEAL-1")
def test_reads_during_a_visit_and_under_an_approval_are_logged(
    rep, supervisor, doctor, kept, frozen_now
):
    CardCheckoutFactory(card=kept, holder=rep)
    grant = GrantFactory(requester=supervisor, survey=None, card=kept)

    assert sealed_card_read(user=rep, card=kept, now=frozen_now)[0] == "visit"
    assert sealed_card_read(user=supervisor, card=kept, now=frozen_now)[0] == "approval"
    assert sealed_card_read(user=doctor, card=kept, now=frozen_now) == ("custodian", None)

    logged = set(ReadLog.objects.values_list("reader", "basis", "card", "access_request"))
    assert logged == {
        (rep.pk, "visit", kept.pk, None),
        (supervisor.pk, "approval", kept.pk, grant.pk),
    }


@pytest.mark.rule("CARD-9")
def test_a_refused_card_read_logs_nothing(supervisor, kept, frozen_now):
    assert sealed_card_read(user=supervisor, card=kept, now=frozen_now) == (None, None)
    assert not ReadLog.objects.exists()


def test_the_basis_takes_at_most_two_queries(
    supervisor, kept, frozen_now, django_assert_num_queries
):
    with django_assert_num_queries(2):
        card_read_basis(user=supervisor, card=kept, now=frozen_now)
