"""Factories for sealed surveys, their answers, access requests and reads (SEAL-1)."""

import datetime as dt

import factory
from django.utils import timezone

from customers.models import (
    AccessRequest,
    AccessStatus,
    Answer,
    CardCheckout,
    QuestionChoice,
    ReadLog,
    SurveyStatus,
)
from tests.customers.factories import CampaignFactory, QuestionFactory, SurveyFactory
from tests.factories import UserFactory


class SealedSurveyFactory(SurveyFactory):
    """A survey assigned and sealed in a service manager's custody (INTAKE-6)."""

    campaign = factory.SubFactory(CampaignFactory)
    status = SurveyStatus.SEALED
    paper_serial = factory.Sequence(lambda n: f"AX-{n:06d}")
    custodian = factory.SubFactory(UserFactory, roles=["service_manager"])
    assigned_at = factory.LazyFunction(timezone.now)
    sealed_at = factory.LazyFunction(timezone.now)


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    survey = factory.SubFactory(SealedSurveyFactory)
    question = factory.SubFactory(
        QuestionFactory, template=factory.SelfAttribute("..survey.template")
    )
    value = factory.Sequence(lambda n: f"机密回答{n}")


class QuestionChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionChoice

    question = factory.SubFactory(QuestionFactory)
    order = factory.Sequence(lambda n: n)
    label_zh = factory.Sequence(lambda n: f"选项{n}")
    label_en = factory.Sequence(lambda n: f"Choice {n}")


class AccessRequestFactory(factory.django.DjangoModelFactory):
    """A waiting request for a sealed survey; pass card=… (and survey=None) for a card."""

    class Meta:
        model = AccessRequest

    requester = factory.SubFactory(UserFactory, roles=["rep"])
    survey = factory.SubFactory(SealedSurveyFactory)
    card = None
    reason = "回访前核对客户健康状况"
    requested_at = factory.LazyFunction(timezone.now)


class GrantFactory(AccessRequestFactory):
    """An approved request, valid for a day from now."""

    status = AccessStatus.APPROVED
    decided_by = factory.SubFactory(UserFactory, roles=["general_manager"])
    decided_at = factory.LazyFunction(timezone.now)
    valid_until = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(hours=24))


class ReadLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReadLog

    reader = factory.SelfAttribute("access_request.requester")
    read_at = factory.LazyFunction(timezone.now)
    access_request = factory.SubFactory(GrantFactory)
    survey = factory.SelfAttribute("access_request.survey")
    card = None
    basis = "approval"


class CardCheckoutFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CardCheckout

    holder = factory.SubFactory(UserFactory, roles=["rep"])
    checked_out_at = factory.LazyFunction(timezone.now)
    due_on = factory.LazyFunction(timezone.localdate)
    purpose = "回访"
