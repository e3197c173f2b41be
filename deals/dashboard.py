"""Finance's dashboard panel: payments waiting for confirmation (DEAL-1), placed among the
customers app's panels by its `order` (crm/dashboard.py)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from crm import roles
from crm.dashboard import Panel
from deals.selectors import pending_payments_count


def _payments_figures(*, user, now: dt.datetime) -> dict:
    return {
        "count": pending_payments_count(),
        "link": "deals:payment_queue",
        "link_label": _("Confirm them"),
    }


PANELS = (
    Panel(
        "payments",
        _("Payments to confirm"),
        (roles.FINANCE,),
        _("No payments are waiting for confirmation."),
        figures=_payments_figures,
        order=140,
    ),
)
