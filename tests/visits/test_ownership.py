"""Tasks follow the customer: a rep's visits go with the owner (POOL-2, POOL-5, HAND-2),
end when the customer returns to the pool, and a doctor's visits stay with the doctor who
holds the card (CARD-6, CARD-10)."""

import datetime as dt

import pytest

from crm import roles
from customers.models import ArchiveCard, CardStatus
from pools.handover import cards_custody_move, customer_transfer
from pools.models import Ownership, OwnershipReason
from pools.services import ownership_set, pool_claim, pool_expiry_run, pool_release
from tests.conftest import CURRENT_TIME
from tests.customers.factories import CustomerFactory
from tests.factories import TeamFactory, UserFactory
from tests.visits.factories import VisitTaskFactory, card_made
from visits.models import TaskStatus, Visitor, VisitTask
from visits.services import visit_tasks_catch_up

pytestmark = pytest.mark.django_db
NOW = CURRENT_TIME


@pytest.fixture
def card_customer(rep, frozen_now):
    customer = CustomerFactory(owner=rep)
    card_made(customer=customer, rep=rep, bought=True, held_on=NOW.date(), now=NOW)
    return customer


def rep_assignees(customer) -> set:
    return set(
        VisitTask.objects.filter(
            customer=customer, visitor=Visitor.REP, status=TaskStatus.OPEN
        ).values_list("assignee", flat=True)
    )


@pytest.mark.rule("VISIT-1", "POOL-8")
def test_a_transfer_moves_the_open_rep_visits_to_the_new_owner(card_customer, rep2, manager):
    done = VisitTask.objects.filter(customer=card_customer, visitor=Visitor.REP).first()
    done.status, done.done_at = TaskStatus.DONE, NOW
    done.save()
    customer_transfer(customer=card_customer, to=rep2, by=manager, now=NOW, note="客户要求")
    assert rep_assignees(card_customer) == {rep2.pk}
    done.refresh_from_db()
    assert done.assignee_id != rep2.pk  # what was done stays with who did it


@pytest.mark.rule("VISIT-1", "POOL-6")
def test_a_customer_released_to_the_pool_has_no_open_rep_visits_left(card_customer, rep):
    pool_release(
        customer=card_customer,
        user=rep,
        now=NOW,
        status="考虑中",
        contact_details="电话",
        progress="介绍过产品",
    )
    cancelled = VisitTask.objects.filter(customer=card_customer, visitor=Visitor.REP)
    assert {t.status for t in cancelled} == {TaskStatus.CANCELLED}
    assert {t.closed_why["rule"] for t in cancelled} == {"POOL-6"}
    # The doctor's visits of a buyer go on.
    assert (
        VisitTask.objects.filter(
            customer=card_customer, visitor=Visitor.DOCTOR, status=TaskStatus.OPEN
        ).count()
        == 3
    )


@pytest.mark.rule("VISIT-1", "POOL-5")
def test_the_rep_who_claims_a_pool_customer_takes_the_cards_visits(rep, rep2, frozen_now):
    customer = CustomerFactory()  # in the pool: the card's rep has its visits
    card_made(customer=customer, rep=rep, bought=False, held_on=NOW.date(), now=NOW)
    pool_claim(customer=customer, user=rep2, now=NOW)
    assert rep_assignees(customer) == {rep2.pk}


@pytest.mark.rule("VISIT-1", "POOL-1")
def test_the_nightly_expiry_closes_the_open_rep_visits_it_returns_to_the_pool(rep, frozen_now):
    customer = CustomerFactory()
    ownership_set(
        customer=customer,
        owner=rep,
        reason=OwnershipReason.FIRST_CONTACT,
        now=NOW - dt.timedelta(days=100),
    )
    VisitTaskFactory(customer=customer, assignee=rep)
    other = VisitTaskFactory(assignee=rep)
    Ownership.objects.filter(customer=other.customer).update(owner=rep, since=NOW)
    moved = pool_expiry_run(now=NOW)
    assert moved["POOL-1"] >= 1
    task = VisitTask.objects.get(customer=customer)
    assert task.status == TaskStatus.CANCELLED
    assert task.closed_why == {"rule": "POOL-1", "pool": True}
    assert VisitTask.objects.get(pk=other.pk).status == TaskStatus.OPEN


@pytest.mark.rule("VISIT-3", "CARD-10")
def test_doctor_visits_move_with_the_card_to_another_doctor(card_customer, doctor, manager):
    card = ArchiveCard.objects.get(customer=card_customer)
    ArchiveCard.objects.filter(pk=card.pk).update(status=CardStatus.IN_CUSTODY, custodian=doctor)
    visit_tasks_catch_up(now=NOW)
    doctor_tasks = VisitTask.objects.filter(customer=card_customer, visitor=Visitor.DOCTOR)
    assert {t.assignee_id for t in doctor_tasks} == {doctor.pk}
    other = UserFactory(roles=[roles.SERVICE_DOCTOR])
    # The doctor works in the manager's department (who may manage whom, issue 13 item 5).
    doctor.staff.team = TeamFactory(name="服务组", leader=manager)
    doctor.staff.save()
    cards_custody_move(from_doctor=doctor, card_ids=[card.pk], to_doctor=other, by=manager, now=NOW)
    assert {t.assignee_id for t in doctor_tasks.all()} == {other.pk}


@pytest.mark.rule("VISIT-1")
def test_the_nightly_catch_up_puts_stray_rep_visits_with_the_owner(card_customer, rep2):
    Ownership.objects.filter(customer=card_customer).update(owner=rep2)  # behind the services
    assert visit_tasks_catch_up(now=NOW)["owners"] == 3
    assert rep_assignees(card_customer) == {rep2.pk}
