"""Factories for customers, surveys, events and cards."""

import datetime as dt

import factory
from django.utils import timezone

from customers.models import (
    ArchiveCard,
    Attendance,
    Campaign,
    Customer,
    Event,
    EventKind,
    Question,
    QuestionKind,
    Survey,
    SurveyTemplate,
)
from customers.names import name_grams, name_search_keys
from pools.models import OwnershipReason
from pools.services import ownership_set, ownership_start
from tests.factories import UserFactory

SURNAMES = "王李张刘陈杨黄赵吴周"
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军"]


class CustomerFactory(factory.django.DjangoModelFactory):
    """CustomerFactory(owner=rep) also records the owner (POOL-1, first contact)."""

    class Meta:
        model = Customer
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: SURNAMES[n % 10] + GIVEN[(n // 10) % 10] + str(n))
    phone = factory.Sequence(lambda n: f"135{n:08d}")
    name_pinyin = factory.LazyAttribute(lambda c: name_search_keys(c.name)[0])
    name_initials = factory.LazyAttribute(lambda c: name_search_keys(c.name)[1])
    name_grams = factory.LazyAttribute(lambda c: name_grams(c.name, getattr(c, "organisation", "")))

    @factory.post_generation
    def owner(self, create, extracted, **kwargs):
        if create and extracted:
            ownership_set(
                customer=self,
                owner=extracted,
                reason=OwnershipReason.FIRST_CONTACT,
                now=timezone.now(),
            )
        elif create:
            ownership_start(customers=[self], now=self.created_at)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        django_get_or_create = ("name",)

    name = "爱心之路"
    name_en = "Road of Love"


class SurveyTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyTemplate

    name = factory.Sequence(lambda n: f"调查表{n}")
    name_en = factory.Sequence(lambda n: f"Survey {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    template = factory.SubFactory(SurveyTemplateFactory)
    order = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"问题{n}")
    text_en = factory.Sequence(lambda n: f"Question {n}")
    kind = QuestionKind.TEXT
    required = True


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    template = factory.SubFactory(SurveyTemplateFactory)
    customer = factory.SubFactory(CustomerFactory)
    collector = factory.SubFactory(UserFactory)
    signed_at = factory.LazyFunction(timezone.now)
    submitted_at = factory.LazyFunction(timezone.now)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = EventKind.FELLOWSHIP
    name = factory.Sequence(lambda n: f"联谊会{n}")
    held_on = dt.date(2026, 11, 20)
    organiser = factory.SubFactory(UserFactory)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    event = factory.SubFactory(EventFactory)
    customer = factory.SubFactory(CustomerFactory)
    rep = factory.SubFactory(UserFactory)


class ArchiveCardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArchiveCard

    attendance = factory.SubFactory(AttendanceFactory)
    customer = factory.SelfAttribute("attendance.customer")
    rep = factory.SelfAttribute("attendance.rep")
    buyer = factory.SelfAttribute("attendance.bought")
