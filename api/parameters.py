"""Rule parameters of the API (API-1), editable by admins."""

from django.utils.translation import gettext_lazy as _

from crm.parameters import Param

PARAMS = (
    Param(
        "api.token_days",
        "API-1",
        90,
        _("Days a new personal API token works before it expires."),
    ),
    Param(
        "api.page_size_max",
        "API-1",
        100,
        _("Most rows one page of an API list returns."),
    ),
)
