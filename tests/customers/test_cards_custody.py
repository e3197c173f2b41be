"""The sales manager hands cards to a doctor; the doctor lends them for visits (CARD-6, CARD-7).

A card checked out for a visit comes back the same day; one not returned shows as overdue
the next morning, to the doctor and to the sales manager.
"""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from crm import roles
from crm.parameters import param_forget
from customers.models import CardCheckout, CardStatus
from customers.selectors.cards import cards_in_custody_count, overdue_checkouts
from customers.services.cards import card_check_out, card_return, cards_hand_over
from tests.customers.factories_cards import (
    CheckoutFactory,
    CustodyCardFactory,
    SubmittedCardFactory,
)

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def default_params():
    param_forget("card.return_days")
    yield
    param_forget("card.return_days")


@pytest.fixture
def manager(make_user):
    return make_user(roles.SALES_MANAGER, username="manager", last_name="李", first_name="经理")


@pytest.fixture
def doctor(make_user):
    return make_user(roles.SERVICE_DOCTOR, username="doctor", last_name="周", first_name="医生")


@pytest.fixture
def card(rep, doctor):
    """A card of the rep's customer in the doctor's custody."""
    return CustodyCardFactory(attendance__rep=rep, custodian=doctor)


# CARD-6: hand over -------------------------------------------------------------------


@pytest.mark.rule("CARD-6")
def test_the_manager_hands_selected_cards_to_a_doctor(client_for, manager, doctor, frozen_now):
    first, second, left = SubmittedCardFactory.create_batch(3)

    response = client_for(manager).post(
        reverse("customers:cards_submitted"),
        {"cards": [first.pk, second.pk], "doctor": doctor.pk},
    )

    assert response.status_code == 302
    for card in (first, second):
        card.refresh_from_db()
        assert (card.status, card.custodian, card.handed_over_at, card.handed_over_by) == (
            CardStatus.IN_CUSTODY,
            doctor,
            frozen_now,
            manager,
        )
    left.refresh_from_db()
    assert left.status == CardStatus.SUBMITTED


@pytest.mark.rule("CARD-6")
def test_a_hand_over_is_all_or_nothing(manager, doctor, frozen_now):
    waiting, taken = SubmittedCardFactory.create_batch(2)
    taken.status = CardStatus.IN_CUSTODY
    taken.save()

    with pytest.raises(ValidationError):
        cards_hand_over(card_ids=[waiting.pk, taken.pk], doctor=doctor, by=manager, now=frozen_now)

    waiting.refresh_from_db()
    assert (waiting.status, waiting.custodian) == (CardStatus.SUBMITTED, None)


@pytest.mark.rule("CARD-6")
def test_cards_go_only_to_someone_who_keeps_cards(client_for, manager, doctor, rep, english):
    card = SubmittedCardFactory()

    response = client_for(manager).post(
        reverse("customers:cards_submitted"), {"cards": [card.pk], "doctor": rep.pk}
    )

    assert response.status_code == 400
    assert "Choose a service doctor who keeps cards." in response.content.decode()
    card.refresh_from_db()
    assert card.status == CardStatus.SUBMITTED


def test_handing_over_nothing_says_so(client_for, manager, doctor, english):
    SubmittedCardFactory()

    response = client_for(manager).post(reverse("customers:cards_submitted"), {"doctor": doctor.pk})

    assert response.status_code == 400
    assert "Select the cards to hand over." in response.content.decode()


@pytest.mark.rule("CARD-6")
def test_a_rep_or_a_doctor_cannot_collect_cards(client_for, rep, doctor):
    for user in (rep, doctor):
        assert client_for(user).get(reverse("customers:cards_submitted")).status_code == 403


def test_the_submitted_list_pins_its_query_count(
    client_for, manager, doctor, django_assert_max_num_queries
):
    SubmittedCardFactory.create_batch(4)
    client = client_for(manager)

    with django_assert_max_num_queries(9):
        response = client.get(reverse("customers:cards_submitted"))

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 4


# CARD-7: custody, check-out, return --------------------------------------------------


@pytest.mark.rule("CARD-7")
def test_the_doctor_checks_a_card_out_to_a_rep_due_back_the_same_day(
    client_for, doctor, rep, card, frozen_now
):
    response = client_for(doctor).post(
        reverse("customers:card_check_out", args=[card.pk]),
        {"holder": rep.pk, "purpose": "第一次回访"},
    )

    assert response.status_code == 302
    checkout = CardCheckout.objects.get()
    assert (checkout.holder, checkout.checked_out_at, checkout.due_on) == (
        rep,
        frozen_now,
        dt.date(2026, 11, 23),
    )


@pytest.mark.rule("CARD-7")
def test_a_card_already_out_cannot_be_checked_out_again(
    client_for, doctor, rep, card, make_user, english, frozen_now
):
    CheckoutFactory(card=card, holder=rep)
    other = make_user(roles.REP, last_name="吴", first_name="敏")

    response = client_for(doctor).post(
        reverse("customers:card_check_out", args=[card.pk]), {"holder": other.pk}
    )

    assert response.status_code == 400
    assert "This card is already checked out to 张伟" in response.content.decode()
    assert CardCheckout.objects.count() == 1


@pytest.mark.rule("CARD-7")
def test_the_database_keeps_one_open_check_out_per_card(card, rep):
    CheckoutFactory(card=card, holder=rep)
    with pytest.raises(IntegrityError), transaction.atomic():
        CardCheckout.objects.create(
            card=card, holder=rep, checked_out_at=timezone.now(), due_on=timezone.localdate()
        )


@pytest.mark.rule("CARD-7")
def test_a_check_out_losing_the_race_gets_a_clear_message(card, doctor, rep, monkeypatch):
    """The database constraint decides a race; the loser hears who has the card."""
    CheckoutFactory(card=card, holder=rep)
    real_filter = CardCheckout.objects.filter
    calls = {"n": 0}

    def blind_first_look(*args, **kwargs):
        calls["n"] += 1
        qs = real_filter(*args, **kwargs)
        return qs.none() if calls["n"] == 1 else qs

    monkeypatch.setattr(CardCheckout.objects, "filter", blind_first_look)
    with translation.override("en"), pytest.raises(ValidationError, match="already checked out"):
        card_check_out(card=card, holder=rep, by=doctor, now=timezone.now())


@pytest.mark.rule("CARD-7")
def test_only_the_custodian_checks_a_card_out(client_for, card, make_user, rep):
    other_doctor = make_user(roles.SERVICE_DOCTOR)
    response = client_for(other_doctor).post(
        reverse("customers:card_check_out", args=[card.pk]), {"holder": rep.pk}
    )
    assert response.status_code == 404
    assert not CardCheckout.objects.exists()


@pytest.mark.rule("CARD-7")
def test_the_doctor_records_a_same_day_return(client_for, doctor, rep, card):
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI), tick=False):
        card_check_out(card=card, holder=rep, by=doctor, now=timezone.now())
    back_at = dt.datetime(2026, 11, 23, 17, 45, tzinfo=SHANGHAI)
    with time_machine.travel(back_at, tick=False):
        checkout = CardCheckout.objects.get()
        response = client_for(doctor).post(
            reverse("customers:checkout_return", args=[checkout.pk]), {"back": "custody"}
        )
        overdue_tomorrow = list(overdue_checkouts(today=dt.date(2026, 11, 24)))

    checkout.refresh_from_db()
    assert response.url == reverse("customers:cards_custody")
    assert (checkout.returned_at, checkout.received_by) == (back_at, doctor)
    assert overdue_tomorrow == []


@pytest.mark.rule("CARD-7")
def test_a_return_is_recorded_once(doctor, rep, card, frozen_now):
    checkout = CheckoutFactory(card=card, holder=rep)
    card_return(checkout=checkout, by=doctor, now=frozen_now)
    with pytest.raises(ValidationError):
        card_return(checkout=checkout, by=doctor, now=frozen_now)


@pytest.mark.rule("CARD-7")
def test_the_holder_cannot_record_their_own_return(client_for, rep, card, frozen_now):
    checkout = CheckoutFactory(card=card, holder=rep)

    response = client_for(rep).post(reverse("customers:checkout_return", args=[checkout.pk]))

    assert response.status_code == 403
    checkout.refresh_from_db()
    assert checkout.returned_at is None


@pytest.mark.rule("CARD-7")
def test_a_card_not_returned_is_overdue_the_next_morning(client_for, doctor, manager, rep, card):
    with time_machine.travel(dt.datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI), tick=False):
        card_check_out(card=card, holder=rep, by=doctor, now=timezone.now())
    with time_machine.travel(dt.datetime(2026, 11, 23, 23, 59, tzinfo=SHANGHAI), tick=False):
        late_evening = client_for(doctor).get(reverse("customers:cards_overdue"))

    with time_machine.travel(dt.datetime(2026, 11, 24, 8, 0, tzinfo=SHANGHAI), tick=False):
        for user in (doctor, manager):
            response = client_for(user).get(reverse("customers:cards_overdue"))
            rows = response.context["rows"]
            assert [row["checkout"].card for row in rows] == [card]
            assert rows[0]["days"] == 1
            assert card.customer.name in response.content.decode()

    assert late_evening.context["rows"] == []


@pytest.mark.rule("CARD-7")
def test_a_doctor_sees_only_the_overdue_cards_of_their_custody(
    client_for, doctor, rep, card, make_user
):
    CheckoutFactory(card=card, holder=rep, due_on=dt.date(2026, 11, 20))
    other = CheckoutFactory(due_on=dt.date(2026, 11, 20))

    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI), tick=False):
        mine = client_for(doctor).get(reverse("customers:cards_overdue")).context["rows"]
        everyone = list(overdue_checkouts(today=timezone.localdate()))

    assert [row["checkout"].card for row in mine] == [card]
    assert {c.card for c in everyone} == {card, other.card}


def test_a_rep_cannot_see_the_custody_or_overdue_lists(client_for, rep):
    client = client_for(rep)
    assert client.get(reverse("customers:cards_custody")).status_code == 403
    assert client.get(reverse("customers:cards_overdue")).status_code == 403


def test_the_custody_list_shows_where_each_card_is(client_for, doctor, rep, card, frozen_now):
    in_cabinet = CustodyCardFactory(custodian=doctor)
    CheckoutFactory(card=card, holder=rep)

    response = client_for(doctor).get(reverse("customers:cards_custody"))

    page = response.content.decode()
    assert f'data-card="{card.pk}" data-out="{rep.pk}"' in page
    assert f'data-card="{in_cabinet.pk}">' in page
    assert cards_in_custody_count(user=doctor) == 2


def test_the_custody_list_pins_its_query_count(
    client_for, doctor, rep, django_assert_max_num_queries, frozen_now
):
    for _ in range(3):
        CheckoutFactory(card=CustodyCardFactory(custodian=doctor), holder=rep)
        CustodyCardFactory(custodian=doctor)
    client = client_for(doctor)

    with django_assert_max_num_queries(9):
        response = client.get(reverse("customers:cards_custody"), {"q": "", "page": "-1"})

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 6


def test_the_overdue_list_pins_its_query_count(
    client_for, manager, django_assert_max_num_queries, frozen_now
):
    for _ in range(4):
        CheckoutFactory(due_on=dt.date(2026, 11, 20))
    client = client_for(manager)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("customers:cards_overdue"))

    assert len(response.context["rows"]) == 4
