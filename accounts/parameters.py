"""Sign-in parameters (SEC-4 lock-out, idle session end), editable by admins."""

from django.utils.translation import gettext_lazy as _

from crm.parameters import Param

PARAMS = (
    Param(
        "auth.lockout_failures",
        "SEC-4",
        5,
        _("Failed logins in a row after which that account is locked from that address."),
    ),
    Param(
        "auth.lockout_minutes",
        "SEC-4",
        15,
        _("Minutes a locked account stays locked for that address."),
    ),
    Param(
        "auth.idle_minutes",
        "SEC-4",
        480,
        _("Minutes without a request after which a session ends and the user logs in again."),
    ),
)
