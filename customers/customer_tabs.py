"""The customer page's own tabs (WORK-1): profile, ownership and history, cards, documents.

Visits, deals and payments, and service come from their apps' `customer_tabs.py`.
"""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from customers.models import CustomerKind
from customers.selectors.cards import card_scope_for
from customers.selectors.customers import (
    customer_contacts,
    customer_documents,
    customer_history,
)
from customers.tabs import CustomerTab
from pools.selectors import ownership_timeline

# POOL-8: the latest changes of owner the ownership tab lists, newest first.
OWNERSHIP_CHANGES_SHOWN = 20
CARDS_SHOWN = 50


def _profile(*, request, customer) -> dict:
    is_org = customer.kind == CustomerKind.ORGANISATION
    return {"contacts": customer_contacts(customer=customer) if is_org else []}


def _ownership(*, request, customer) -> dict:
    return {
        "ownership_changes": list(ownership_timeline(customer=customer)[:OWNERSHIP_CHANGES_SHOWN]),
        "history": customer_history(customer=customer),
    }


def _cards_of(*, user, customer):
    return card_scope_for(user=user).filter(customer=customer)


def _cards(*, request, customer) -> dict:
    rows = _cards_of(user=request.user, customer=customer).select_related(
        "attendance__event", "rep", "custodian"
    )
    return {"cards": list(rows.order_by("-attendance__event__held_on", "-pk")[:CARDS_SHOWN])}


def _documents(*, request, customer) -> dict:
    return {"documents": list(customer_documents(customer=customer))}


TABS = (
    CustomerTab(
        key="profile",
        label=pgettext_lazy("customer tab", "Profile"),
        order=10,
        template="customers/tabs/profile.html",
        context=_profile,
    ),
    CustomerTab(
        key="ownership",
        label=pgettext_lazy("customer tab", "Ownership and history"),
        order=40,
        template="customers/tabs/ownership.html",
        count=lambda *, user, customer: ownership_timeline(customer=customer).count(),
        context=_ownership,
    ),
    CustomerTab(
        key="cards",
        label=pgettext_lazy("customer tab", "Cards"),
        order=50,
        template="customers/tabs/cards.html",
        count=lambda *, user, customer: _cards_of(user=user, customer=customer).count(),
        context=_cards,
    ),
    CustomerTab(
        key="documents",
        label=pgettext_lazy("customer tab", "Documents"),
        order=70,
        template="customers/tabs/documents.html",
        count=lambda *, user, customer: customer_documents(customer=customer).count(),
        context=_documents,
    ),
)
