"""Company events and who attended: every attendee gets an archive card at once (CARD-1)."""

import datetime as dt

import pytest
from django.urls import reverse

from crm import roles
from customers.models import ArchiveCard, Attendance, CardStatus, Event, EventKind
from tests.customers.factories import CustomerFactory
from tests.customers.factories_cards import AttendanceFactory, EventFactory, FilledCardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(make_user):
    return make_user(roles.SALES_MANAGER, username="manager", last_name="李", first_name="经理")


@pytest.fixture
def event(manager):
    return EventFactory(name="重阳联谊会", held_on=dt.date(2026, 11, 23), organiser=manager)


def attend(client, event, customer, rep, bought=False, **extra):
    data = {"customer": customer.pk, "rep": rep.pk, **extra}
    if bought:
        data["bought"] = "on"
    return client.post(reverse("customers:event_attend", args=[event.pk]), data)


@pytest.mark.rule("CARD-1")
def test_a_sales_manager_creates_an_event(client_for, manager, frozen_now):
    response = client_for(manager).post(
        reverse("customers:event_new"),
        {"kind": EventKind.TOUR, "name": "桂林三日游", "held_on": "2026-11-25", "location": "桂林"},
    )

    event = Event.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("customers:event_detail", args=[event.pk])
    assert (event.kind, event.held_on, event.organiser) == (
        EventKind.TOUR,
        dt.date(2026, 11, 25),
        manager,
    )


def test_an_event_without_a_name_or_a_valid_date_is_refused_next_to_the_fields(
    client_for, manager, english
):
    response = client_for(manager).post(
        reverse("customers:event_new"), {"kind": "dinner", "name": " ", "held_on": "23/11/x"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Give the event a name." in page
    assert "Enter a date such as 2026-11-23." in page
    assert not Event.objects.exists()


def test_a_rep_cannot_create_or_list_events(client_for, rep):
    client = client_for(rep)
    assert client.get(reverse("customers:event_list")).status_code == 403
    assert client.post(reverse("customers:event_new"), {"name": "x"}).status_code == 403


@pytest.mark.rule("CARD-1")
def test_a_non_buyer_attendee_gets_a_draft_card_for_the_responsible_rep(
    client_for, manager, rep, event, frozen_now
):
    customer = CustomerFactory(owner=rep, name="赵大爷")

    response = attend(client_for(manager), event, customer, rep, bought=False)

    assert response.status_code == 302
    card = ArchiveCard.objects.get()
    assert (card.customer, card.rep, card.buyer, card.status) == (
        customer,
        rep,
        False,
        CardStatus.DRAFT,
    )
    assert card.attendance == Attendance.objects.get(event=event, customer=customer)


@pytest.mark.rule("CARD-1")
def test_a_buyer_attendee_gets_a_buyers_card(client_for, manager, rep, event, frozen_now):
    attend(client_for(manager), event, CustomerFactory(owner=rep), rep, bought=True)

    assert ArchiveCard.objects.get().buyer is True


@pytest.mark.rule("CARD-1")
def test_a_customer_is_added_to_an_event_once(client_for, manager, rep, event, english):
    customer = CustomerFactory(owner=rep, name="钱阿姨")
    client = client_for(manager)
    attend(client, event, customer, rep)

    response = attend(client, event, customer, rep)

    assert ArchiveCard.objects.count() == 1
    assert response.status_code == 302
    assert (
        "钱阿姨 is already on this event&#x27;s list." in client.get(response.url).content.decode()
    )


def test_a_supervisor_cannot_add_a_customer_outside_their_scope(
    client_for, supervisor, rep, team, make_user
):
    other_rep = make_user(roles.REP)
    stranger = CustomerFactory(owner=other_rep)
    event = EventFactory(organiser=supervisor)

    client = client_for(supervisor)
    client.cookies["django_language"] = "en"

    response = attend(client, event, stranger, rep)

    assert response.status_code == 302
    assert not Attendance.objects.exists()
    assert "This customer is not one you may add." in client.get(response.url).content.decode()


def test_the_responsible_rep_must_be_someone_who_fills_cards(
    client_for, manager, event, make_user, english
):
    doctor = make_user(roles.SERVICE_DOCTOR)
    customer = CustomerFactory()

    response = attend(client_for(manager), event, customer, doctor)

    assert response.status_code == 400
    assert "Choose a rep who fills archive cards." in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_event_page_finds_customers_to_add_and_proposes_their_owner(
    client_for, manager, rep, event
):
    CustomerFactory(owner=rep, name="孙奶奶")

    response = client_for(manager).get(
        reverse("customers:event_detail", args=[event.pk]), {"q": "孙"}
    )

    page = response.content.decode()
    assert "孙奶奶" in page
    assert f'<option value="{rep.pk}" selected>' in page


def test_names_with_markup_are_shown_escaped_on_the_event_page(client_for, manager, rep, event):
    card = FilledCardFactory(
        attendance__event=event,
        attendance__rep=rep,
        attendance__customer=CustomerFactory(name="<script>x</script>😀"),
    )

    page = client_for(manager).get(reverse("customers:event_detail", args=[event.pk]))

    content = page.content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;😀" in content
    assert "<script>x</script>" not in content
    assert card.customer.name in card.customer.name  # stored as typed


def test_the_event_list_pins_its_query_count(
    client_for, manager, rep, django_assert_max_num_queries
):
    for _ in range(3):
        event = EventFactory(organiser=manager)
        for _ in range(2):
            FilledCardFactory(attendance__event=event, attendance__rep=rep)
    client = client_for(manager)
    client.get(reverse("customers:event_list"))

    with django_assert_max_num_queries(8):
        response = client.get(reverse("customers:event_list"))

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 3


def test_the_event_page_pins_its_query_count(
    client_for, manager, rep, event, django_assert_max_num_queries
):
    for _ in range(5):
        AttendanceFactory(event=event, rep=rep)
    for attendance in Attendance.objects.all():
        ArchiveCard.objects.create(attendance=attendance, customer=attendance.customer, rep=rep)
    client = client_for(manager)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("customers:event_detail", args=[event.pk]))

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 5


def test_a_bad_page_number_is_not_an_error(client_for, manager, event):
    response = client_for(manager).get(reverse("customers:event_list"), {"page": "x'; drop"})
    assert response.status_code == 200


def test_a_supervisor_sees_only_the_attendees_they_follow_and_how_many_are_hidden(
    client_for, supervisor, rep, team, make_user, event
):
    AttendanceFactory(event=event, customer=CustomerFactory(owner=rep, name="本组客户"), rep=rep)
    outsider = make_user(roles.REP)
    AttendanceFactory(event=event, customer=CustomerFactory(owner=outsider, name="别组客户"))

    response = client_for(supervisor).get(reverse("customers:event_detail", args=[event.pk]))

    page = response.content.decode()
    assert "本组客户" in page
    assert "别组客户" not in page
    assert response.context["hidden"] == 1


def test_editing_an_event_keeps_its_organiser(client_for, manager, supervisor, event):
    response = client_for(supervisor).post(
        reverse("customers:event_edit", args=[event.pk]),
        {"kind": "dinner", "name": "答谢晚宴", "held_on": "2026-11-24", "location": "酒店"},
    )

    event.refresh_from_db()
    assert response.status_code == 302
    assert (event.name, event.kind, event.organiser) == ("答谢晚宴", "dinner", manager)
