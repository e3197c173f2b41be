"""Factories for the pool tests: customers owned since a given moment, with sales."""

import datetime as dt

import pytest

from pools.models import Ownership, OwnershipReason
from pools.services import ownership_set
from tests.customers.factories import CustomerFactory


def owned_customer(
    *,
    owner,
    since: dt.datetime,
    reason=OwnershipReason.FIRST_CONTACT,
    first_sale: dt.datetime | None = None,
    last_sale: dt.datetime | None = None,
    **kwargs,
):
    """A customer `owner` has owned since `since` by `reason`, with its sale times."""
    customer = CustomerFactory(**kwargs)
    ownership_set(customer=customer, owner=owner, reason=reason, now=since)
    Ownership.objects.filter(customer=customer).update(
        first_sale_at=first_sale, last_sale_at=last_sale
    )
    return customer


def pool_customer(*, since: dt.datetime | None = None, **kwargs):
    """A customer in the pool: ownerless since `since`, or never owned when None."""
    customer = CustomerFactory(**kwargs)
    if since is not None:
        ownership_set(customer=customer, owner=None, reason=OwnershipReason.RELEASE, now=since)
    return customer


@pytest.fixture
def manager(make_user):
    from crm import roles

    return make_user(roles.SALES_MANAGER, username="manager", last_name="李", first_name="娜")


@pytest.fixture
def rep2(make_user):
    from crm import roles

    return make_user(roles.REP, username="rep2", last_name="陈", first_name="强")
