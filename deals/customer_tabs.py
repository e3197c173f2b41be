"""The customer page's "deals and payments" tab (WORK-1): tier, credit, the latest deals
and the customer's payments with their state (DEAL-1…4)."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from customers.tabs import CustomerTab
from deals.models import Deal, Payment

PAYMENTS_SHOWN = 10


def _may_see(*, user, customer) -> bool:
    return user.has_perm("deals.view_deal")


def _context(*, request, customer) -> dict:
    payments = (
        Payment.objects.filter(customer=customer)
        .select_related("recorded_by")
        .order_by("-received_on", "-pk")[:PAYMENTS_SHOWN]
    )
    return {"payments": list(payments)}


TABS = (
    CustomerTab(
        key="deals",
        label=pgettext_lazy("customer tab", "Deals and payments"),
        order=30,
        template="deals/_customer_tab.html",
        count=lambda *, user, customer: Deal.objects.filter(customer=customer).count(),
        context=_context,
        visible=_may_see,
    ),
)
