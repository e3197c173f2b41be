"""Factories and helpers for the visit tests."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from crm import roles
from customers.models import ArchiveCard
from customers.services.cards import attendance_add
from tests.customers.factories import CustomerFactory, EventFactory
from tests.factories import UserFactory
from visits.models import TaskSource, TaskStatus, VisitMethod, Visitor, VisitTask


def card_made(*, customer, rep, bought: bool, held_on: dt.date, now: dt.datetime, by=None):
    """An archive card made the way the app makes it (attendance_add, CARD-1)."""
    by = by or UserFactory(roles=[roles.SALES_MANAGER])
    event = EventFactory(held_on=held_on, organiser=by)
    attendance = attendance_add(
        event=event, customer=customer, rep=rep, bought=bought, by=by, now=now
    )
    return ArchiveCard.objects.get(attendance=attendance)


def due_dates(customer, *, visitor: str, status: str = TaskStatus.OPEN) -> list[dt.date]:
    return list(
        VisitTask.objects.filter(customer=customer, visitor=visitor, status=status)
        .order_by("due_on")
        .values_list("due_on", flat=True)
    )


def record_values(**changes) -> dict:
    values = {
        "method": VisitMethod.PHONE,
        "visited_at": timezone.now(),
        "met_whom": "王阿姨本人",
        "discussed": "询问灵芝孢子粉的服用情况",
        "needs": "想了解降压产品",
        "service_opinion": "满意",
        "problems": "",
        "next_step": "下周上门测血压",
    }
    values.update(changes)
    return values


def form_data(**changes) -> dict:
    """POST data of the visit form."""
    values = record_values(**changes)
    when = timezone.localtime(values["visited_at"])
    values["visited_at"] = when.strftime("%Y-%m-%dT%H:%M")
    if values.get("next_on"):
        values["next_on"] = values["next_on"].isoformat()
    return {k: v for k, v in values.items() if v is not None}


class VisitTaskFactory(factory.django.DjangoModelFactory):
    """A planned (ad-hoc) visit task, open, due today unless told."""

    class Meta:
        model = VisitTask

    customer = factory.SubFactory(CustomerFactory)
    assignee = factory.SubFactory(UserFactory, roles=[roles.REP])
    visitor = Visitor.REP
    source = TaskSource.ADHOC
    due_on = factory.LazyFunction(timezone.localdate)
    purpose = "回访"
    status = TaskStatus.OPEN
    created_at = factory.LazyFunction(timezone.now)
