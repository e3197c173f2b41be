"""Finance's dashboard panel: payments waiting for confirmation (DEAL-1), placed among the
customers app's panels by its `order` (crm/dashboard.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from crm import roles
from crm.dashboard import Panel, count_figures
from deals.selectors import pending_payments_count

PANELS = (
    Panel(
        "payments",
        _("Payments to confirm"),
        (roles.FINANCE,),
        _("No payments are waiting for confirmation."),
        figures=count_figures(
            lambda *, user, now: pending_payments_count(),
            link="deals:payment_queue",
            link_label=_("Confirm them"),
        ),
        order=140,
    ),
)
