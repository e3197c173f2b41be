"""Visit tasks made by the rules (VISIT-1…3): at once from the card, caught up at night,
never twice; rules are rows an admin changes for new cards."""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from customers.models import ArchiveCard, CardStatus
from customers.services.cards import cards_hand_over
from tests.customers.factories import ArchiveCardFactory, CustomerFactory, EventFactory
from tests.visits.factories import card_made, due_dates
from visits.models import Audience, Visitor, VisitRule, VisitTask
from visits.services import visit_tasks_catch_up

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
JAN_30 = dt.datetime(2026, 1, 30, 15, 0, tzinfo=SHANGHAI)
D = dt.date


@pytest.fixture
def jan_30():
    with time_machine.travel(JAN_30, tick=False):
        yield JAN_30


@pytest.mark.rule("VISIT-1", "VISIT-3")
def test_a_buyer_card_made_on_30_january_gives_the_rep_and_doctor_visits_at_once(
    jan_30, rep, doctor, manager
):
    customer = CustomerFactory(owner=rep)
    card = card_made(
        customer=customer, rep=rep, bought=True, held_on=D(2026, 1, 30), now=jan_30, by=manager
    )

    assert due_dates(customer, visitor=Visitor.REP) == [
        D(2026, 2, 2),
        D(2026, 3, 1),
        D(2026, 3, 31),
    ]
    assert due_dates(customer, visitor=Visitor.DOCTOR) == [
        D(2026, 2, 14),
        D(2026, 3, 1),
        D(2026, 3, 31),
    ]
    rep_tasks = VisitTask.objects.filter(customer=customer, visitor=Visitor.REP)
    assert {t.assignee for t in rep_tasks} == {rep}
    assert {t.rule.rule_code for t in rep_tasks} == {"VISIT-1"}
    assert {(t.anchor_on, t.card_id) for t in rep_tasks} == {(D(2026, 1, 30), card.pk)}
    # The doctor's visits wait for a doctor until the manager hands the card over (CARD-6).
    doctor_tasks = VisitTask.objects.filter(customer=customer, visitor=Visitor.DOCTOR)
    assert {t.assignee for t in doctor_tasks} == {None}
    ArchiveCard.objects.filter(pk=card.pk).update(status=CardStatus.SUBMITTED)
    cards_hand_over(card_ids=[card.pk], doctor=doctor, by=manager, now=jan_30)
    assert {t.assignee for t in doctor_tasks.all()} == {doctor}
    assert {t.rule.rule_code for t in doctor_tasks} == {"VISIT-3"}


@pytest.mark.rule("VISIT-2", "VISIT-3")
def test_a_non_buyer_gets_two_rep_visits_and_no_doctor_visit(jan_30, rep, manager):
    customer = CustomerFactory(owner=rep)
    card_made(customer=customer, rep=rep, bought=False, held_on=D(2026, 1, 30), now=jan_30)

    assert due_dates(customer, visitor=Visitor.REP) == [D(2026, 2, 2), D(2026, 2, 14)]
    assert due_dates(customer, visitor=Visitor.DOCTOR) == []
    purposes = VisitTask.objects.filter(customer=customer).order_by("due_on")
    assert [t.purpose_text for t in purposes] == [
        "Stay in touch",
        "Introduce products and services",
    ]


@pytest.mark.rule("VISIT-1")
def test_the_visits_count_from_the_event_day_even_when_the_card_is_recorded_later(rep):
    customer = CustomerFactory(owner=rep)
    later = JAN_30 + dt.timedelta(days=2)
    card_made(customer=customer, rep=rep, bought=True, held_on=D(2026, 1, 30), now=later)
    assert due_dates(customer, visitor=Visitor.REP)[0] == D(2026, 2, 2)


@pytest.mark.rule("VISIT-1")
def test_a_customer_in_the_pool_gets_the_visits_of_the_cards_rep(jan_30, rep):
    customer = CustomerFactory()  # no owner
    card_made(customer=customer, rep=rep, bought=True, held_on=D(2026, 1, 30), now=jan_30)
    assert set(
        VisitTask.objects.filter(visitor=Visitor.REP).values_list("assignee", flat=True)
    ) == {rep.pk}


@pytest.mark.rule("VISIT-1")
def test_the_nightly_catch_up_makes_what_was_missed_and_a_second_run_nothing(jan_30, rep):
    # A card made outside the app's services (an import, the admin): no hook ran.
    customer = CustomerFactory(owner=rep)
    ArchiveCardFactory(
        attendance__event=EventFactory(held_on=D(2026, 1, 28)),
        attendance__customer=customer,
        attendance__rep=rep,
        attendance__bought=True,
    )
    assert not VisitTask.objects.exists()

    first = visit_tasks_catch_up(now=jan_30)
    second = visit_tasks_catch_up(now=jan_30)

    assert first["cards"] == 6
    assert second == dict.fromkeys(second, 0)
    assert due_dates(customer, visitor=Visitor.REP) == [
        D(2026, 1, 31),
        D(2026, 2, 27),
        D(2026, 3, 29),
    ]


@pytest.mark.rule("VISIT-1")
def test_the_catch_up_leaves_cards_older_than_its_window_alone(jan_30, rep):
    ArchiveCardFactory(
        attendance__event=EventFactory(held_on=D(2025, 12, 1)),
        attendance__customer=CustomerFactory(owner=rep),
        attendance__rep=rep,
    )
    assert visit_tasks_catch_up(now=jan_30)["cards"] == 0


@pytest.mark.rule("VISIT-1")
def test_the_same_card_and_rule_cannot_have_two_tasks(jan_30, rep):
    from django.db import IntegrityError, transaction

    customer = CustomerFactory(owner=rep)
    card = card_made(customer=customer, rep=rep, bought=True, held_on=D(2026, 1, 30), now=jan_30)
    task = VisitTask.objects.filter(card=card).first()
    task.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        task.save()


@pytest.mark.rule("VISIT-1")
def test_a_rule_changed_by_an_admin_applies_to_new_cards_and_open_tasks_keep_their_dates(
    jan_30, rep
):
    old = CustomerFactory(owner=rep)
    card_made(customer=old, rep=rep, bought=True, held_on=D(2026, 1, 30), now=jan_30)
    first = VisitRule.objects.get(visitor=Visitor.REP, audience=Audience.BUYER, days=3)
    first.days = 2
    first.save()
    new = CustomerFactory(owner=rep)
    card_made(customer=new, rep=rep, bought=True, held_on=D(2026, 1, 30), now=jan_30)

    assert due_dates(old, visitor=Visitor.REP)[0] == D(2026, 2, 2)
    assert due_dates(new, visitor=Visitor.REP)[0] == D(2026, 2, 1)
    assert visit_tasks_catch_up(now=jan_30)["cards"] == 0


@pytest.mark.rule("VISIT-1", "VISIT-2")
def test_an_inactive_rule_or_one_for_later_cards_makes_nothing_and_a_new_rule_adds_a_visit(
    jan_30, rep
):
    VisitRule.objects.filter(visitor=Visitor.REP, audience=Audience.NON_BUYER, days=15).update(
        is_active=False
    )
    VisitRule.objects.create(
        visitor=Visitor.REP,
        audience=Audience.NON_BUYER,
        days=7,
        purpose_zh_hans="邀请参加下次活动",
        purpose_en="Invite to the next event",
        applies_from=D(2026, 1, 30),
    )
    customer = CustomerFactory(owner=rep)
    card_made(customer=customer, rep=rep, bought=False, held_on=D(2026, 1, 30), now=jan_30)
    earlier = CustomerFactory(owner=rep)
    card_made(customer=earlier, rep=rep, bought=False, held_on=D(2026, 1, 29), now=jan_30)

    assert due_dates(customer, visitor=Visitor.REP) == [D(2026, 2, 2), D(2026, 2, 6)]
    assert due_dates(earlier, visitor=Visitor.REP) == [D(2026, 2, 1)]


def test_the_purpose_shows_in_the_active_language(jan_30, rep):
    from django.utils import translation

    rule = VisitRule.objects.get(visitor=Visitor.DOCTOR, days=15)
    with translation.override("zh-hans"):
        assert rule.purpose == "专业指导"
    with translation.override("en"):
        assert rule.purpose == "Professional guidance"


@pytest.mark.rule("VISIT-1", "VISIT-2", "VISIT-3")
def test_the_default_rules_ship_with_the_migration():
    rows = set(VisitRule.objects.values_list("visitor", "audience", "days", "rule_code"))
    assert {
        ("rep", "buyer", 3, "VISIT-1"),
        ("rep", "buyer", 30, "VISIT-1"),
        ("rep", "buyer", 60, "VISIT-1"),
        ("rep", "non_buyer", 3, "VISIT-2"),
        ("rep", "non_buyer", 15, "VISIT-2"),
        ("doctor", "buyer", 15, "VISIT-3"),
        ("doctor", "buyer", 30, "VISIT-3"),
        ("doctor", "buyer", 60, "VISIT-3"),
    } <= rows


@pytest.mark.rule("VISIT-1")
def test_an_admin_edits_the_rules_in_admin(client_for, admin_user):
    rule = VisitRule.objects.get(visitor=Visitor.REP, audience=Audience.BUYER, days=30)
    client = client_for(admin_user)
    response = client.get(f"/admin/visits/visitrule/{rule.pk}/change/")
    assert response.status_code == 200
    response = client.post(
        f"/admin/visits/visitrule/{rule.pk}/change/",
        {
            "visitor": "rep",
            "audience": "buyer",
            "days": "28",
            "purpose_zh_hans": rule.purpose_zh_hans,
            "purpose_en": rule.purpose_en,
            "rule_code": "VISIT-1",
            "is_active": "on",
            "applies_from": "",
        },
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.days == 28
    assert client.get("/admin/visits/visitrule/add/").status_code == 200
