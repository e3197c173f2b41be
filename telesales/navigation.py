"""Two menu entries: the telesales desk (calls, reports, plans, pay behind its tabs) and the
prospects, which field reps also open to sign their visits (TEL-4)."""

from django.utils.translation import gettext_lazy as _

from crm.navigation import NavItem, any_perm, perm

NAV = (
    NavItem(
        "telesales",
        _("Telesales"),
        "telesales:call_desk",
        perm("telesales.view_call"),
        group="sales",
    ),
    NavItem(
        "prospects",
        _("Prospects"),
        "telesales:prospect_list",
        any_perm(
            "telesales.view_prospect",
            "telesales.sign_prospect_visit",
        ),
        group="sales",
    ),
)
