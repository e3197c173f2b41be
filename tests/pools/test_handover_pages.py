"""Handover pages and the admin's guard (HAND-1…3, CARD-10)."""

import pytest
from django.urls import reverse

from crm.models import SmsMessage, StaffStatus
from pools.models import Ownership, OwnershipChange, OwnershipReason
from tests.pools.factories_handover import (
    CheckoutFactory,
    CustodyCardFactory,
    CustomerFactory,
    doctor_user,
    manager_user,
    rep_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return manager_user(username="manager")


@pytest.fixture
def leaver():
    return rep_user(
        username="leaver", last_name="李", first_name="走", profile={"status": StaffStatus.LEAVING}
    )


def detail_url(person):
    return reverse("pools:handover_detail", args=[person.pk])


def test_a_rep_cannot_open_the_handover_pages(client_for, rep, leaver):
    client = client_for(rep)

    assert client.get(reverse("pools:handover_list")).status_code == 403
    assert client.get(detail_url(leaver)).status_code == 403


@pytest.mark.rule("HAND-1")
def test_the_handover_list_has_a_pinned_query_count(
    client_for, manager, django_assert_max_num_queries
):
    for _ in range(8):
        person = rep_user(profile={"status": StaffStatus.LEAVING})
        CustomerFactory(owner=person)
        CheckoutFactory(holder=person)
    client = client_for(manager)

    # session, user, permissions ×2, the page of people with their counts, its COUNT, nav,
    # and who the manager manages (their roles, the teams: issue 13, item 5)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("pools:handover_list"))

    assert response.status_code == 200
    assert response.content.decode().count('data-owned="1"') == 8
    assert response.content.decode().count('data-cards="1"') == 8


@pytest.mark.rule("HAND-1", "CARD-10")
def test_the_leavers_page_lists_customers_with_receivables_and_cards_in_pinned_queries(
    client_for, manager, leaver, django_assert_max_num_queries
):
    for _ in range(6):
        CustomerFactory(owner=leaver)
        CheckoutFactory(holder=leaver)
    rep_user()
    client = client_for(manager)

    # session, user, permissions, the person, customers (COUNT + page), receivables, cards,
    # the receiving reps, who the manager manages (roles, teams): the same however many
    # customers and cards
    with django_assert_max_num_queries(14):
        response = client.get(detail_url(leaver))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("data-customer=") == 6
    assert html.count("data-receivable=") == 6
    assert html.count('data-held-as="checkout"') == 6
    assert 'data-withheld="0"' in html or 'data-withheld="1"' in html


def test_names_with_markup_are_shown_escaped(client_for, manager, leaver):
    CustomerFactory(owner=leaver, name="<script>alert(1)</script>😀")

    html = client_for(manager).get(detail_url(leaver)).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;😀" in html


@pytest.mark.rule("HAND-1")
def test_the_manager_marks_a_rep_as_leaving_with_a_button(client_for, manager):
    person = rep_user()

    response = client_for(manager).post(reverse("pools:handover_leaving", args=[person.pk]))

    assert response.status_code == 302
    person.staff.refresh_from_db()
    assert (person.staff.status, person.staff.commission_withheld) == (StaffStatus.LEAVING, True)


@pytest.mark.rule("HAND-1")
def test_marking_as_left_is_refused_on_the_page_while_customers_remain(client_for, manager, leaver):
    CustomerFactory(owner=leaver)

    response = client_for(manager).post(
        reverse("pools:handover_left", args=[leaver.pk]), follow=True
    )

    assert "still owns 1 customer; hand it over first." in response.content.decode()
    leaver.refresh_from_db()
    assert leaver.is_active


@pytest.mark.rule("HAND-3")
def test_the_manager_sees_an_even_proposal_adjusts_it_and_confirms(client_for, manager, leaver):
    a = rep_user(last_name="甲")
    b = rep_user(last_name="乙")
    customers = [CustomerFactory(owner=leaver) for _ in range(4)]
    client = client_for(manager)
    url = reverse("pools:handover_redistribute", args=[leaver.pk])

    proposal = client.get(url, {"receivers": [a.pk, b.pk]})

    html = proposal.content.decode()
    assert f'data-receiver="{a.pk}" data-share="2"' in html
    assert f'data-receiver="{b.pk}" data-share="2"' in html
    # The manager gives every customer to rep a, except the last, kept for now.
    data = {"receivers": [a.pk, b.pk]}
    data |= {f"to_{c.pk}": a.pk for c in customers[:3]}
    data[f"to_{customers[3].pk}"] = ""
    response = client.post(url, data)

    assert response.status_code == 302
    owners = {c.pk: Ownership.objects.get(customer=c).owner_id for c in customers}
    assert owners == {**{c.pk: a.pk for c in customers[:3]}, customers[3].pk: leaver.pk}
    assert SmsMessage.objects.filter(purpose="handover", to_user=a).count() == 3
    assert (
        OwnershipChange.objects.filter(reason=OwnershipReason.HANDOVER, from_owner=leaver).count()
        == 3
    )


@pytest.mark.rule("HAND-3")
def test_choosing_no_receiver_says_so_and_moves_nothing(client_for, manager, leaver):
    customer = CustomerFactory(owner=leaver)

    response = client_for(manager).get(
        reverse("pools:handover_redistribute", args=[leaver.pk]), follow=True
    )

    assert "Choose at least one rep" in response.content.decode()
    assert Ownership.objects.get(customer=customer).owner == leaver


@pytest.mark.rule("HAND-3")
def test_a_receiver_who_is_not_an_active_rep_is_refused_and_nothing_moves(
    client_for, manager, leaver
):
    customer = CustomerFactory(owner=leaver)
    outsider = rep_user(profile={"status": StaffStatus.LEAVING})

    response = client_for(manager).post(
        reverse("pools:handover_redistribute", args=[leaver.pk]),
        {"receivers": [outsider.pk], f"to_{customer.pk}": outsider.pk},
        follow=True,
    )

    assert "is not an active rep" in response.content.decode()
    assert Ownership.objects.get(customer=customer).owner == leaver
    assert not SmsMessage.objects.exists()


@pytest.mark.rule("HAND-3")
def test_keeping_every_customer_for_now_is_refused(client_for, manager, leaver):
    customer = CustomerFactory(owner=leaver)
    a = rep_user()

    response = client_for(manager).post(
        reverse("pools:handover_redistribute", args=[leaver.pk]),
        {"receivers": [a.pk], f"to_{customer.pk}": ""},
    )

    assert response.status_code == 200
    assert "Choose at least one customer" in response.content.decode()
    assert Ownership.objects.get(customer=customer).owner == leaver


@pytest.mark.rule("HAND-2")
def test_the_manager_transfers_one_customer_with_a_reason(client_for, manager, leaver):
    customer = CustomerFactory(owner=leaver)
    to = rep_user()
    url = reverse("pools:handover_transfer", args=[customer.pk])
    client = client_for(manager)

    assert client.get(url).status_code == 200
    missing = client.post(url, {"to": to.pk, "note": "  "})
    assert "Say why" in missing.content.decode()
    response = client.post(url, {"to": to.pk, "note": "岗位调整", "next": detail_url(leaver)})

    assert response.status_code == 302
    assert response.url == detail_url(leaver)
    change = OwnershipChange.objects.filter(customer=customer).first()
    assert (change.reason, change.note, change.to_owner) == (
        OwnershipReason.TRANSFER,
        "岗位调整",
        to,
    )


@pytest.mark.rule("CARD-10")
def test_the_manager_moves_a_leaving_doctors_cards_from_the_page(client_for, manager):
    leaving = doctor_user(profile={"status": StaffStatus.LEAVING})
    other = doctor_user()
    card = CustodyCardFactory(custodian=leaving)
    client = client_for(manager)

    assert "Move the cards" in client.get(detail_url(leaving)).content.decode()
    client.post(
        reverse("pools:handover_cards_move", args=[leaving.pk]),
        {"cards": [card.pk], "to": other.pk},
    )

    card.refresh_from_db()
    assert card.custodian == other


@pytest.mark.rule("HAND-1")
def test_the_whole_handover_ends_with_the_person_left(client_for, manager, leaver):
    customer = CustomerFactory(owner=leaver)
    client = client_for(manager)
    client.post(
        reverse("pools:handover_transfer", args=[customer.pk]),
        {"to": rep_user().pk, "note": "交接"},
    )

    client.post(reverse("pools:handover_left", args=[leaver.pk]))

    leaver.refresh_from_db()
    assert not leaver.is_active
    assert leaver.staff.status == StaffStatus.LEFT
    assert leaver.staff.commission_withheld is False


# The admin refuses too (HAND-1) --------------------------------------------------------


def _admin_user_form(user, **changes):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
        "staff-TOTAL_FORMS": "1",
        "staff-INITIAL_FORMS": "1",
        "staff-MIN_NUM_FORMS": "0",
        "staff-MAX_NUM_FORMS": "1",
        "staff-0-id": user.staff.pk,
        "staff-0-user": user.pk,
        "staff-0-status": user.staff.status,
        "staff-0-phone": user.staff.phone,
        "staff-0-hire_date": "2024-01-02",
    }
    if user.is_active:
        data["is_active"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.rule("HAND-1", "CARD-10")
def test_the_admin_refuses_to_deactivate_someone_who_still_owns_customers(
    client_for, admin_user, leaver
):
    CustomerFactory(owner=leaver)
    url = reverse("admin:auth_user_change", args=[leaver.pk])

    response = client_for(admin_user).post(url, _admin_user_form(leaver, is_active=None))

    assert response.status_code == 200
    assert "still owns 1 customer; hand it over first." in response.content.decode()
    leaver.refresh_from_db()
    assert leaver.is_active


@pytest.mark.rule("HAND-1", "CARD-10")
def test_the_admin_refuses_to_mark_as_left_someone_who_holds_cards(client_for, admin_user, leaver):
    CheckoutFactory(holder=leaver)
    url = reverse("admin:auth_user_change", args=[leaver.pk])

    response = client_for(admin_user).post(
        url, _admin_user_form(leaver, **{"staff-0-status": StaffStatus.LEFT})
    )

    assert response.status_code == 200
    assert "still holds 1 archive card; it must be returned." in response.content.decode()
    leaver.staff.refresh_from_db()
    assert leaver.staff.status == StaffStatus.LEAVING


@pytest.mark.rule("HAND-1")
def test_the_admin_deactivates_someone_with_nothing_left(client_for, admin_user, leaver):
    url = reverse("admin:auth_user_change", args=[leaver.pk])

    response = client_for(admin_user).post(url, _admin_user_form(leaver, is_active=None))

    assert response.status_code == 302, response.content.decode()[:3000]
    leaver.refresh_from_db()
    assert not leaver.is_active


@pytest.mark.rule("HAND-3")
def test_the_admin_lists_the_sms_outbox_read_only(client_for, admin_user, frozen_now):
    SmsMessage.objects.create(
        to_phone="13900000001", text="交接", purpose="handover", created_at=frozen_now
    )
    client = client_for(admin_user)

    response = client.get(reverse("admin:crm_smsmessage_changelist"))

    assert response.status_code == 200
    assert "13900000001" in response.content.decode()
    assert client.get(reverse("admin:crm_notification_changelist")).status_code == 200
