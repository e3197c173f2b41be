"""Menu entries of deals: finance's payment queue and the sales manager's credit reviews,
after the customers app's entries (crm/navigation.py explains `order`)."""

from django.utils.translation import gettext_lazy as _

from crm.navigation import NavItem, any_perm, perm

NAV = (
    # WORK-2: sales managers, the general manager and finance follow every deal and payment.
    NavItem(
        "deals",
        _("Deals and payments"),
        "deals:deal_list",
        any_perm("deals.confirm_payment", "customers.view_all_customers"),
        order=225,
        group="sales",
    ),
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
