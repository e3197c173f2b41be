"""The customer page's "service" tab (WORK-1): the customer's service cases the user may
see (SVC-1's scope: a case outside it is neither listed nor counted)."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from customers.tabs import CustomerTab
from service.selectors.cases import case_qs_for

CASES_SHOWN = 20


def _cases(*, user, customer):
    return case_qs_for(user=user).filter(customer=customer)


def _context(*, request, customer) -> dict:
    rows = _cases(user=request.user, customer=customer).select_related("received_by", "department")
    return {"cases": list(rows.order_by("-received_at", "-pk")[:CASES_SHOWN])}


TABS = (
    CustomerTab(
        key="service",
        label=pgettext_lazy("customer tab", "Service"),
        order=60,
        template="service/_customer_tab.html",
        count=lambda *, user, customer: _cases(user=user, customer=customer).count(),
        context=_context,
    ),
)
