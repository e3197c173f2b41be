"""Numbers of the analysis (REPORT-2) an admin can change."""

from django.utils.translation import gettext_lazy as _

from crm.parameters import Param

PARAMS = (
    Param(
        "analysis.event_sales_days",
        "REPORT-2",
        30,
        _("Confirmed sales to an event's attendees within this many days count for the event."),
    ),
    Param(
        "analysis.top_customers",
        "REPORT-2",
        20,
        _("How many customers the profitability page lists by confirmed amount."),
    ),
    Param(
        "analysis.max_months",
        "REPORT-2",
        36,
        _("The longest period, in months, one analysis page shows."),
    ),
)
