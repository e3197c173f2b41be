"""Filling and submitting a card: complete before submitting, late flags that say why.

CARD-2 (filled by the rep), CARD-3 (on the day of the event), CARD-4 (every field),
CARD-5 (submitted by the next day). Time is pinned at each edge.
"""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from crm import roles
from crm.parameters import param_forget
from customers.models import ArchiveCard, CardStatus
from customers.services.cards import card_save
from tests.customers.factories_cards import (
    ArchiveCardFactory,
    EventFactory,
    FilledCardFactory,
    SubmittedCardFactory,
)

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
EVENT_DAY = dt.date(2026, 11, 20)
CARD_PARAMS = ("card.fill_days", "card.submit_days")

FILLED = {
    "health_condition": "糖尿病十年，控制良好",
    "family_situation": "独居，女儿每周探望",
    "interests": "血糖仪、健康讲座",
    "event_feedback": "希望多办讲座",
    "purchase": "血糖仪一台，680元",
    "next_step": "三天内电话回访",
}


def at(day: dt.date, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def default_params():
    for key in CARD_PARAMS:
        param_forget(key)
    yield
    for key in CARD_PARAMS:
        param_forget(key)


@pytest.fixture
def draft(rep):
    """A buyer's empty card from the event of 20 November."""
    return ArchiveCardFactory(
        attendance__event=EventFactory(held_on=EVENT_DAY),
        attendance__rep=rep,
        attendance__bought=True,
    )


def fill(client, card, action="save", **values):
    return client.post(reverse("customers:card_fill", args=[card.pk]), {"action": action, **values})


@pytest.mark.rule("CARD-2")
def test_the_rep_saves_a_half_filled_card_as_a_draft(client_for, rep, draft, frozen_now):
    response = fill(client_for(rep), draft, health_condition="高血压")

    draft.refresh_from_db()
    assert response.status_code == 302
    assert (draft.health_condition, draft.status, draft.filled_at) == (
        "高血压",
        CardStatus.DRAFT,
        None,
    )


@pytest.mark.rule("CARD-2")
def test_another_rep_cannot_open_the_card_form(client_for, draft, make_user):
    other = make_user(roles.REP)
    assert client_for(other).get(reverse("customers:card_fill", args=[draft.pk])).status_code == 404


@pytest.mark.rule("CARD-4")
def test_an_incomplete_card_cannot_be_submitted_and_the_empty_fields_are_marked(
    client_for, rep, draft, english, frozen_now
):
    values = {**FILLED, "interests": "   ", "next_step": ""}

    response = fill(client_for(rep), draft, action="submit", **values)

    page = response.content.decode()
    assert response.status_code == 400
    assert page.count("Fill this in before you submit the card.") == 2
    assert 'id="id_interests_error"' in page
    assert 'id="id_next_step_error"' in page
    draft.refresh_from_db()
    assert draft.status == CardStatus.DRAFT
    assert draft.submitted_at is None


@pytest.mark.rule("CARD-4")
def test_a_buyers_card_needs_what_was_bought(rep, draft, frozen_now):
    values = {**FILLED, "purchase": ""}
    with pytest.raises(ValidationError) as refused:
        card_save(card=draft, by=rep, values=values, submit=True, now=frozen_now)
    assert refused.value.message_dict == {"purchase": ["Fill this in before you submit the card."]}


@pytest.mark.rule("CARD-1", "CARD-4")
def test_a_non_buyers_card_is_submitted_without_what_was_bought(client_for, rep, frozen_now):
    card = ArchiveCardFactory(
        attendance__event=EventFactory(held_on=dt.date(2026, 11, 23)),
        attendance__rep=rep,
        attendance__bought=False,
    )
    values = {k: v for k, v in FILLED.items() if k != "purchase"}
    client = client_for(rep)

    form_page = client.get(reverse("customers:card_fill", args=[card.pk])).content.decode()
    response = fill(client, card, action="submit", **values, purchase="偷偷填的")

    assert 'name="purchase"' not in form_page
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.status == CardStatus.SUBMITTED
    assert card.purchase == ""


@pytest.mark.rule("CARD-5")
def test_a_submitted_card_can_no_longer_be_changed_by_the_rep(client_for, rep, frozen_now):
    card = SubmittedCardFactory(attendance__rep=rep)

    response = fill(client_for(rep), card, health_condition="改掉")

    assert response.status_code == 302
    card.refresh_from_db()
    assert card.health_condition != "改掉"


# CARD-3: filled on the day of the event ---------------------------------------------


@pytest.mark.rule("CARD-3")
def test_a_card_completed_at_one_minute_to_midnight_on_the_event_day_is_not_late(rep, draft):
    now = at(EVENT_DAY, 23, 59, 59)
    with time_machine.travel(now, tick=False):
        card = card_save(card=draft, by=rep, values=FILLED, submit=False, now=timezone.now())

    assert card.filled_at == now
    assert card.filled_late is False
    assert "CARD-3" not in card.lateness


@pytest.mark.rule("CARD-3")
def test_a_card_completed_at_midnight_after_the_event_is_filled_late_with_its_reason(rep, draft):
    now = at(EVENT_DAY + dt.timedelta(days=1), 0, 0)
    with time_machine.travel(now, tick=False):
        card = card_save(card=draft, by=rep, values=FILLED, submit=False, now=timezone.now())

    assert card.filled_late is True
    assert card.lateness["CARD-3"] == {
        "fill_days": 0,
        "event_date": "2026-11-20",
        "due_on": "2026-11-20",
        "filled_on": "2026-11-21",
    }


@pytest.mark.rule("CARD-3")
def test_filled_at_is_the_first_complete_fill_and_later_edits_do_not_move_it(rep, draft):
    first = at(EVENT_DAY, 20, 0)
    card = card_save(card=draft, by=rep, values=FILLED, submit=False, now=first)
    later = at(EVENT_DAY + dt.timedelta(days=2), 9, 0)

    card = card_save(card=card, by=rep, values={"next_step": "改为上门"}, submit=False, now=later)

    assert (card.filled_at, card.filled_late) == (first, False)


@pytest.mark.rule("CARD-3")
def test_an_admin_can_allow_a_day_to_fill_the_card(rep, draft, set_param):
    set_param("card.fill_days", 1)

    card = card_save(
        card=draft, by=rep, values=FILLED, submit=False, now=at(EVENT_DAY + dt.timedelta(1), 22)
    )

    assert card.filled_late is False


# CARD-5: submitted by the next day --------------------------------------------------


@pytest.mark.rule("CARD-5")
def test_a_card_submitted_at_one_minute_to_midnight_the_next_day_is_on_time(rep, draft):
    card = card_save(card=draft, by=rep, values=FILLED, submit=False, now=at(EVENT_DAY, 21))

    card = card_save(
        card=card, by=rep, values={}, submit=True, now=at(EVENT_DAY + dt.timedelta(1), 23, 59, 59)
    )

    assert card.status == CardStatus.SUBMITTED
    assert card.submitted_late is False
    assert card.lateness == {}


@pytest.mark.rule("CARD-5")
def test_a_card_submitted_at_midnight_two_days_after_the_event_is_submitted_late(rep, draft):
    card = card_save(card=draft, by=rep, values=FILLED, submit=False, now=at(EVENT_DAY, 21))

    card = card_save(
        card=card, by=rep, values={}, submit=True, now=at(EVENT_DAY + dt.timedelta(2), 0, 0)
    )

    assert card.submitted_late is True
    assert card.filled_late is False
    assert card.lateness["CARD-5"] == {
        "submit_days": 1,
        "event_date": "2026-11-20",
        "due_on": "2026-11-21",
        "submitted_on": "2026-11-22",
    }


@pytest.mark.rule("CARD-3", "CARD-5")
def test_the_card_page_says_why_the_card_is_late(client_for, rep, draft, english):
    with time_machine.travel(at(EVENT_DAY + dt.timedelta(3), 10), tick=False):
        fill(client_for(rep), draft, action="submit", **FILLED)
        page = client_for(rep).get(reverse("customers:card_detail", args=[draft.pk]))

    content = page.content.decode()
    assert "Filled late: due the day of the event (20 Nov 2026); filled on 23 Nov 2026." in content
    assert (
        "Submitted late: due the day after the event (21 Nov 2026); "
        "submitted on 23 Nov 2026." in content
    )


# My cards ---------------------------------------------------------------------------


def test_my_cards_lists_the_cards_to_fill_with_a_link_to_the_form(client_for, rep, draft):
    page = client_for(rep).get(reverse("customers:card_list")).content.decode()

    assert reverse("customers:card_fill", args=[draft.pk]) in page
    assert draft.customer.name in page


def test_my_cards_shows_only_my_own_cards(client_for, rep, draft, make_user):
    other = make_user(roles.REP)
    page = client_for(other).get(reverse("customers:card_list")).content.decode()
    assert draft.customer.name not in page


@pytest.mark.parametrize("tab", ["fill", "submitted", "held", "nonsense"])
def test_my_cards_pins_its_query_count_on_every_tab(
    client_for, rep, tab, django_assert_max_num_queries
):
    for _ in range(3):
        ArchiveCardFactory(attendance__rep=rep)
        SubmittedCardFactory(attendance__rep=rep)
    client = client_for(rep)

    with django_assert_max_num_queries(9):
        response = client.get(reverse("customers:card_list"), {"tab": tab, "page": "2x"})

    assert response.status_code == 200


def test_the_card_counts_are_right_on_my_cards(client_for, rep, draft):
    FilledCardFactory(attendance__rep=rep)
    SubmittedCardFactory(attendance__rep=rep)

    response = client_for(rep).get(reverse("customers:card_list"))

    assert response.context["counts"] == {"fill": 2, "submitted": 1, "held": 0}


def test_a_card_saved_twice_with_no_changes_stays_the_same(rep, draft, frozen_now):
    card_save(card=draft, by=rep, values=FILLED, submit=False, now=frozen_now)
    card_save(card=draft, by=rep, values=FILLED, submit=False, now=frozen_now)
    assert ArchiveCard.objects.get().health_condition == FILLED["health_condition"]
