"""The login log, beside the administration entry (crm/navigation.py explains `order`)."""

from django.utils.translation import gettext_lazy as _

from crm.navigation import NavItem, perm

NAV = (
    NavItem(
        "login_log",
        _("Login log"),
        "accounts:login_log",
        perm("axes.view_accesslog"),
        order=915,
        group="manage",
    ),
)
