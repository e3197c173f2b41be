"""Helpers of the points and commission tests: record through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from deals.services import LineInput, deal_create, payment_confirm, payment_record
from performance.models import PointItem
from performance.services.points import point_event_record
from tests.customers.factories import CustomerFactory


def item(code: str) -> PointItem:
    """An item of the catalogue shipped by the data migration."""
    return PointItem.objects.get(code=code)


def reward(points: int = 5) -> PointItem:
    return PointItem.objects.create(
        code=f"reward-{points}", name_zh="表扬", name_en="Praise", points=points
    )


def record(*, employee, by, code: str | PointItem, day: dt.date, now=None, note: str = ""):
    """A point event recorded by `by` (who leads `employee`) through the service."""
    chosen = code if isinstance(code, PointItem) else item(code)
    return point_event_record(
        employee=employee,
        item=chosen,
        date=day,
        note=note,
        by=by,
        now=now or timezone.now(),
    )


def sale(*, rep, finance, amount: str, at: dt.datetime, customer=None):
    """A deal closed by `rep` with one payment of `amount` confirmed by finance at `at`."""
    customer = customer or CustomerFactory(owner=rep)
    deal = deal_create(
        customer=customer,
        rep=rep,
        by=rep,
        lines=[LineInput("保健礼盒", 1, Decimal(amount))],
        now=at,
    )
    payment = payment_record(
        deal=deal,
        amount=Decimal(amount),
        received_on=timezone.localdate(at),
        method="transfer",
        by=rep,
        now=at,
    )
    return payment_confirm(payment_id=payment.pk, by=finance, now=at)
