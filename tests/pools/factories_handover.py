"""Factories and helpers for the handover tests (HAND-1…3, CARD-10)."""

from crm import roles
from tests.customers.factories import CustomerFactory
from tests.customers.factories_cards import CheckoutFactory, CustodyCardFactory
from tests.factories import UserFactory

__all__ = [
    "CheckoutFactory",
    "CustodyCardFactory",
    "CustomerFactory",
    "doctor_user",
    "manager_user",
    "rep_user",
]


def rep_user(**kwargs):
    """An active rep with a phone on their profile (texts go there)."""
    return UserFactory(roles=[roles.REP], **kwargs)


def manager_user(**kwargs):
    return UserFactory(roles=[roles.SALES_MANAGER], **kwargs)


def doctor_user(**kwargs):
    return UserFactory(roles=[roles.SERVICE_DOCTOR], **kwargs)
