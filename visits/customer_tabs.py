"""The customer page's "visits" tab (WORK-1): open visits (the overdue ones marked), the
visit records, and the visits closed without a visit — superseded by a purchase (VISIT-12)
or cancelled when the customer returned to the pool — each marked with how it closed."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from customers.tabs import CustomerTab
from visits.models import TaskStatus, VisitRecord, VisitTask
from visits.selectors import customer_closed_tasks, customer_visit_panel

CLOSED_WITHOUT_VISIT = (TaskStatus.SUPERSEDED, TaskStatus.CANCELLED)


def _count(*, user, customer) -> int:
    """What the tab lists: open and closed-without-visit tasks, and the records."""
    tasks = VisitTask.objects.filter(customer=customer).exclude(status=TaskStatus.DONE).count()
    return tasks + VisitRecord.objects.filter(customer=customer).count()


def _context(*, request, customer) -> dict:
    return {
        "panel": customer_visit_panel(customer=customer),
        "closed_tasks": list(customer_closed_tasks(customer=customer)),
    }


TABS = (
    CustomerTab(
        key="visits",
        label=pgettext_lazy("customer tab", "Visits"),
        order=20,
        template="visits/_customer_tab.html",
        count=_count,
        context=_context,
    ),
)
