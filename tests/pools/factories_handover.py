"""Factories and helpers for the handover tests (HAND-1…3, CARD-10)."""

from crm import roles
from crm.models import Team
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


DEPARTMENT = "交接测试部"


def department() -> Team:
    """The department everyone made here works in: its manager manages them (issue 13,
    item 5: a manager manages the people of their department below them)."""
    team, _created = Team.objects.get_or_create(name=DEPARTMENT)
    return team


def _in_department(kwargs: dict) -> dict:
    profile = dict(kwargs.pop("profile", None) or {})
    profile.setdefault("team", department())
    return {**kwargs, "profile": profile}


def rep_user(**kwargs):
    """An active rep with a phone on their profile (texts go there)."""
    return UserFactory(roles=[roles.REP], **_in_department(kwargs))


def manager_user(**kwargs):
    """A sales manager; the first one made leads the department."""
    user = UserFactory(roles=[roles.SALES_MANAGER], **_in_department(kwargs))
    team = department()
    if team.leader_id is None:
        team.leader = user
        team.save(update_fields=["leader"])
    return user


def doctor_user(**kwargs):
    return UserFactory(roles=[roles.SERVICE_DOCTOR], **_in_department(kwargs))
