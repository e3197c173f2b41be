"""Handover services and selectors (HAND-1…3, CARD-10)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from crm.models import SmsMessage, StaffStatus
from pools.handover import (
    cards_custody_move,
    customer_transfer,
    deactivation_blockers,
    handover_mark_leaving,
    handover_mark_left,
    handover_people,
    handover_receivables,
    handover_receivers,
    handover_redistribute,
    handover_split_proposal,
)
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
    return rep_user(username="leaver", last_name="李", first_name="走")


@pytest.mark.rule("HAND-1")
def test_marking_someone_as_leaving_withholds_their_commission(leaver, manager, frozen_now):
    handover_mark_leaving(user=leaver, by=manager, now=frozen_now)

    leaver.staff.refresh_from_db()
    assert leaver.staff.status == StaffStatus.LEAVING
    assert leaver.staff.commission_withheld is True
    last = leaver.staff.history.order_by("-history_id").first()
    assert last.history_user == manager
    assert "HAND-1" in last.history_change_reason


@pytest.mark.rule("HAND-1")
def test_a_rep_cannot_mark_someone_as_leaving(leaver, frozen_now):
    with pytest.raises(PermissionDenied):
        handover_mark_leaving(user=leaver, by=rep_user(), now=frozen_now)


@pytest.mark.rule("HAND-1")
def test_a_leaver_who_still_owns_customers_cannot_be_marked_as_left(leaver, manager, frozen_now):
    handover_mark_leaving(user=leaver, by=manager, now=frozen_now)
    CustomerFactory(owner=leaver)

    with pytest.raises(ValidationError, match="still owns 1 customer; hand it over first"):
        handover_mark_left(user=leaver, by=manager, now=frozen_now)

    leaver.refresh_from_db()
    assert leaver.is_active
    assert leaver.staff.status == StaffStatus.LEAVING
    assert leaver.staff.commission_withheld is True


@pytest.mark.rule("HAND-1", "CARD-10")
def test_a_leaver_who_still_holds_a_card_cannot_be_marked_as_left(leaver, manager, frozen_now):
    handover_mark_leaving(user=leaver, by=manager, now=frozen_now)
    CheckoutFactory(holder=leaver)

    assert deactivation_blockers(user=leaver)
    with pytest.raises(ValidationError, match="still holds 1 archive card; it must be returned"):
        handover_mark_left(user=leaver, by=manager, now=frozen_now)
    leaver.refresh_from_db()
    assert leaver.is_active


@pytest.mark.rule("HAND-1")
def test_once_nothing_is_left_the_leaver_leaves_and_the_commission_is_released(
    leaver, manager, frozen_now
):
    handover_mark_leaving(user=leaver, by=manager, now=frozen_now)

    handover_mark_left(user=leaver, by=manager, now=frozen_now)

    leaver.refresh_from_db()
    leaver.staff.refresh_from_db()
    assert not leaver.is_active
    assert leaver.staff.status == StaffStatus.LEFT
    assert leaver.staff.commission_withheld is False
    assert "released" in leaver.staff.history.order_by("-history_id").first().history_change_reason


@pytest.mark.rule("HAND-1")
def test_the_list_shows_leavers_and_inactive_owners_but_not_active_staff(manager, frozen_now):
    leaving = rep_user(profile={"status": StaffStatus.LEAVING})
    gone = rep_user(is_active=False)
    CustomerFactory(owner=gone)
    rep_user(is_active=False)  # inactive, owns nothing: nothing to hand over
    CustomerFactory(owner=rep_user())  # active rep with a customer

    people = {p.pk: p for p in handover_people(by=manager)}

    assert set(people) == {leaving.pk, gone.pk}
    assert people[gone.pk].owned == 1


@pytest.mark.rule("HAND-3")
def test_the_proposal_splits_evenly_giving_first_to_who_owns_least():
    a, b, c = rep_user(), rep_user(), rep_user()

    proposal = handover_split_proposal(
        customer_ids=[1, 2, 3, 4, 5, 6, 7], receivers=[a, b, c], loads={a.pk: 2, b.pk: 0, c.pk: 0}
    )

    shares = {r.pk: list(proposal.values()).count(r.pk) for r in (a, b, c)}
    assert shares == {a.pk: 1, b.pk: 3, c.pk: 3}
    assert proposal[1] == b.pk


@pytest.mark.rule("HAND-3")
def test_equal_receivers_get_equal_shares():
    a, b = rep_user(), rep_user()

    proposal = handover_split_proposal(customer_ids=[1, 2, 3, 4], receivers=[a, b], loads={})

    assert sorted(proposal.values()) == sorted([a.pk, a.pk, b.pk, b.pk])


@pytest.mark.rule("HAND-3")
def test_redistribution_moves_every_customer_records_it_and_texts_the_new_owner(
    leaver, manager, frozen_now, monkeypatch
):
    monkeypatch.setattr(
        "pools.handover.handover_receivables",
        lambda customer_ids: {pk: Decimal("120.50") for pk in customer_ids},
    )
    a = rep_user(profile={"phone": "13900000001"})
    b = rep_user(profile={"phone": "13900000002"})
    first = CustomerFactory(owner=leaver, name="王<script>伟", phone="13500000001")
    second = CustomerFactory(owner=leaver, name="李娜😀", phone="13500000002")

    moved = handover_redistribute(
        leaver=leaver, assignments={first.pk: a, second.pk: b}, by=manager, now=frozen_now
    )

    assert moved == 2
    assert Ownership.objects.get(customer=first).owner == a
    assert Ownership.objects.get(customer=second).owner == b
    change = OwnershipChange.objects.filter(customer=first).first()
    assert change.reason == OwnershipReason.HANDOVER
    assert change.rule == "HAND-3"
    assert change.from_owner == leaver
    assert change.changed_by == manager
    assert change.params == {"from": leaver.pk, "receivable": "120.50"}
    texts = SmsMessage.objects.filter(purpose="handover").order_by("to_phone")
    assert [(t.to_phone, t.to_user) for t in texts] == [("13900000001", a), ("13900000002", b)]
    assert "王<script>伟" in texts[0].text
    assert "13500000001" in texts[0].text


@pytest.mark.rule("HAND-3")
def test_a_receiver_who_is_not_an_active_rep_moves_nothing(leaver, manager, frozen_now):
    customer = CustomerFactory(owner=leaver)
    for outsider in (
        rep_user(profile={"status": StaffStatus.LEAVING}),
        rep_user(is_active=False),
        doctor_user(),
    ):
        with pytest.raises(ValidationError, match="not an active rep"):
            handover_redistribute(
                leaver=leaver, assignments={customer.pk: outsider}, by=manager, now=frozen_now
            )
    assert Ownership.objects.get(customer=customer).owner == leaver
    assert not SmsMessage.objects.exists()


@pytest.mark.rule("HAND-3")
def test_nothing_moves_when_one_customer_no_longer_belongs_to_the_leaver(
    leaver, manager, frozen_now
):
    a = rep_user()
    mine = CustomerFactory(owner=leaver)
    not_mine = CustomerFactory(owner=rep_user())

    with pytest.raises(ValidationError):
        handover_redistribute(
            leaver=leaver, assignments={mine.pk: a, not_mine.pk: a}, by=manager, now=frozen_now
        )

    assert Ownership.objects.get(customer=mine).owner == leaver
    assert not SmsMessage.objects.exists()


def test_receivers_are_active_reps_with_their_customer_counts(leaver):
    a = rep_user()
    CustomerFactory(owner=a)
    rep_user(profile={"status": StaffStatus.LEAVING})
    doctor_user()

    found = {r.pk: r.owned for r in handover_receivers(exclude=leaver)}

    assert found == {a.pk: 1}


@pytest.mark.rule("HAND-2")
def test_a_transfer_is_recorded_with_the_receivable_and_the_reason(
    leaver, manager, frozen_now, monkeypatch
):
    monkeypatch.setattr(
        "pools.handover.handover_receivables",
        lambda customer_ids: {pk: Decimal("88.00") for pk in customer_ids},
    )
    to = rep_user()
    customer = CustomerFactory(owner=leaver)

    customer_transfer(customer=customer, to=to, by=manager, now=frozen_now, note="客户要求")

    assert Ownership.objects.get(customer=customer).owner == to
    change = OwnershipChange.objects.filter(customer=customer).first()
    assert (change.reason, change.rule, change.note) == (
        OwnershipReason.TRANSFER,
        "HAND-2",
        "客户要求",
    )
    assert change.params == {"from": leaver.pk, "receivable": "88.00"}


@pytest.mark.rule("HAND-2")
def test_a_transfer_to_the_current_owner_is_refused(leaver, manager, frozen_now):
    customer = CustomerFactory(owner=leaver)

    with pytest.raises(ValidationError, match="already"):
        customer_transfer(customer=customer, to=leaver, by=manager, now=frozen_now, note="x")


@pytest.mark.rule("CARD-10")
def test_cards_in_a_leaving_doctors_custody_move_to_another_doctor(manager, frozen_now):
    leaving, other = doctor_user(), doctor_user()
    cards = [CustodyCardFactory(custodian=leaving) for _ in range(2)]
    assert deactivation_blockers(user=leaving)

    moved = cards_custody_move(
        from_doctor=leaving,
        card_ids=[c.pk for c in cards],
        to_doctor=other,
        by=manager,
        now=frozen_now,
    )

    assert moved == 2
    for card in cards:
        card.refresh_from_db()
        assert card.custodian == other
        assert card.history.order_by("-history_id").first().history_user == manager
        assert "CARD-10" in card.history.order_by("-history_id").first().history_change_reason
    assert deactivation_blockers(user=leaving) == []


@pytest.mark.rule("CARD-10")
def test_cards_only_go_to_an_active_doctor_and_only_by_a_sales_manager(manager, frozen_now):
    leaving = doctor_user()
    card = CustodyCardFactory(custodian=leaving)

    with pytest.raises(ValidationError):
        cards_custody_move(
            from_doctor=leaving,
            card_ids=[card.pk],
            to_doctor=rep_user(),
            by=manager,
            now=frozen_now,
        )
    with pytest.raises(PermissionDenied):
        cards_custody_move(
            from_doctor=leaving,
            card_ids=[card.pk],
            to_doctor=doctor_user(),
            by=doctor_user(),
            now=frozen_now,
        )
    card.refresh_from_db()
    assert card.custodian == leaving


@pytest.mark.rule("HAND-1", "HAND-2")
def test_the_receivable_comes_from_the_customers_open_deals(leaver, manager, frozen_now):
    from tests.deals.factories import make_deal

    customer = CustomerFactory(owner=leaver)
    make_deal(customer=customer, rep=leaver, total="1960.00", now=frozen_now)
    to = rep_user()

    assert handover_receivables(customer_ids=[customer.pk]) == {customer.pk: Decimal("1960.00")}
    customer_transfer(customer=customer, to=to, by=manager, now=frozen_now, note="客户要求")

    change = OwnershipChange.objects.filter(customer=customer).first()
    assert change.params["receivable"] == "1960.00"
