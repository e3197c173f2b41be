"""Factories for plans and reports: an organisation (department → teams → reps), visit tasks
and records of the visits app, confirmed deals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from crm.models import Team
from pools.models import OwnershipReason
from pools.services import ownership_set
from tests.customers.factories import CustomerFactory
from tests.deals.factories import grant, make_deal, make_payment, pay_confirmed

__all__ = ["confirmed_sale", "grant", "make_payment", "owned", "visit_record", "visit_task"]


def place(user, team: Team) -> None:
    user.staff.team = team
    user.staff.save()


def owned(*, rep, at: dt.datetime, **kwargs):
    """A customer `rep` gained at `at` (first contact, POOL-1)."""
    customer = CustomerFactory(**kwargs)
    ownership_set(customer=customer, owner=rep, reason=OwnershipReason.FIRST_CONTACT, now=at)
    return customer


def confirmed_sale(*, customer, rep, amount: str, at: dt.datetime, finance):
    """A deal closed by `rep` with one payment finance confirmed at `at` (DEAL-1)."""
    deal = make_deal(customer=customer, rep=rep, total=amount, now=at)
    return pay_confirmed(deal=deal, amount=Decimal(amount), finance=finance, now=at)


def _fields(model, values: dict) -> dict:
    """Only the fields the visits model has (the app is built beside this one)."""
    names = {f.name for f in model._meta.get_fields()}
    return {k: v for k, v in values.items() if k in names}


def visit_task(*, customer, assignee, due_on: dt.date, status: str = "open", now=None):
    from visits.models import VisitTask

    now = now or dt.datetime.combine(due_on, dt.time(9), tzinfo=dt.UTC)
    return VisitTask.objects.create(
        **_fields(
            VisitTask,
            {
                "customer": customer,
                "assignee": assignee,
                "visitor": "rep",
                "source": "adhoc",
                "due_on": due_on,
                "status": status,
                "done_at": now if status == "done" else None,
                "purpose": "了解产品使用情况",
                "created_at": now,
            },
        )
    )


def visit_record(*, customer, author, at: dt.datetime, method: str = "phone", corrects=None):
    from visits.models import VisitRecord

    return VisitRecord.objects.create(
        **_fields(
            VisitRecord,
            {
                "customer": customer,
                "author": author,
                "visited_at": at,
                "method": method,
                "met_whom": "本人",
                "discussed": "询问服用效果，血压平稳。",
                "next_step": "两周后再电话回访",
                "corrects": corrects,
                "recorded_at": at,
            },
        )
    )
