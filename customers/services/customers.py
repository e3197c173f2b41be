"""Writes of customers: creation and profile changes keep the search keys in step."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from customers.models import Customer
from customers.names import name_search_keys, normalize_phone
from pools.models import OwnershipReason
from pools.services import ownership_set


def _apply(customer: Customer, data: dict) -> None:
    for field, value in data.items():
        setattr(customer, field, value)
    customer.phone = normalize_phone(customer.phone)
    customer.name = customer.name.strip()
    customer.name_pinyin, customer.name_initials = name_search_keys(customer.name)


@transaction.atomic
def customer_create(
    *, data: dict, by, now: dt.datetime, owner=None, reason=OwnershipReason.FIRST_CONTACT
) -> Customer:
    """Create a customer from validated form data; `owner` (if any) owns it by `reason`."""
    customer = Customer(created_by=by)
    _apply(customer, data)
    if customer.first_collector_id is None and owner is not None:
        customer.first_collector = owner
    customer.full_clean()
    customer.save()
    if owner is not None:
        ownership_set(customer=customer, owner=owner, reason=reason, now=now, by=by)
    return customer


@transaction.atomic
def customer_update(*, customer: Customer, data: dict, by) -> Customer:
    """Change a customer's profile; the history keeps every version (DEAL-5)."""
    _apply(customer, data)
    customer._history_user = by
    customer.full_clean()
    customer.save()
    return customer
