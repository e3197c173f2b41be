"""Factories for archive cards at each stage: filled, submitted, in custody, checked out."""

import factory
from django.utils import timezone

from customers.models import CardCheckout, CardIncident, CardStatus, IncidentKind
from tests.customers.factories import ArchiveCardFactory, AttendanceFactory, EventFactory
from tests.factories import UserFactory

__all__ = [
    "ArchiveCardFactory",
    "AttendanceFactory",
    "CardIncidentFactory",
    "CheckoutFactory",
    "CustodyCardFactory",
    "EventFactory",
    "FilledCardFactory",
    "SubmittedCardFactory",
]


class FilledCardFactory(ArchiveCardFactory):
    """A draft with every field filled (a buyer's card, "what was bought" included)."""

    attendance = factory.SubFactory(
        AttendanceFactory, bought=True, rep=factory.SubFactory(UserFactory, roles=["rep"])
    )
    health_condition = "高血压，服药控制"
    family_situation = "与老伴同住，子女在外地"
    interests = "保健品、健康讲座"
    event_feedback = "对讲座很满意"
    purchase = "灵芝孢子粉两盒，1,960元"
    next_step = "三天内上门指导服用"
    filled_at = factory.LazyFunction(timezone.now)


class SubmittedCardFactory(FilledCardFactory):
    status = CardStatus.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class CustodyCardFactory(SubmittedCardFactory):
    status = CardStatus.IN_CUSTODY
    custodian = factory.SubFactory(UserFactory, roles=["service_doctor"])
    handed_over_at = factory.LazyFunction(timezone.now)
    handed_over_by = factory.SubFactory(UserFactory, roles=["sales_manager"])


class CheckoutFactory(factory.django.DjangoModelFactory):
    """An open check-out of a card in custody, due back today."""

    class Meta:
        model = CardCheckout

    card = factory.SubFactory(CustodyCardFactory)
    holder = factory.SelfAttribute("card.rep")
    checked_out_at = factory.LazyFunction(timezone.now)
    due_on = factory.LazyFunction(timezone.localdate)
    purpose = "回访"


class CardIncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CardIncident

    card = factory.SubFactory(CustodyCardFactory)
    kind = IncidentKind.LOST
    holder = factory.SelfAttribute("card.rep")
    fine = 0
    description = "回访途中遗失"
    reported_by = factory.SelfAttribute("card.custodian")
    reported_at = factory.LazyFunction(timezone.now)
