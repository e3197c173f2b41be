"""Menu entries of deals: finance's payment queue and the sales manager's credit reviews,
after the customers app's entries (crm/navigation.py explains `order`)."""

from django.utils.translation import gettext_lazy as _

from crm.navigation import NavItem, perm

NAV = (
    NavItem(
        "payments",
        _("Payments to confirm"),
        "deals:payment_queue",
        perm("deals.confirm_payment"),
        order=230,
        group="sales",
    ),
    NavItem(
        "credit",
        _("Credit reviews"),
        "deals:credit_reviews",
        perm("deals.override_credit"),
        order=240,
        group="sales",
    ),
)
