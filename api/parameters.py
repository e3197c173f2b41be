"""Rule parameters of the API (API-1) and its webhooks (API-2), editable by admins."""

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
    Param(
        "api.webhook_attempts",
        "API-2",
        6,
        _("Most attempts to deliver one webhook event before it counts as failed."),
    ),
    Param(
        "api.webhook_backoff_minutes",
        "API-2",
        1,
        _("Minutes before the first retry of a webhook delivery."),
    ),
    Param(
        "api.webhook_backoff_factor",
        "API-2",
        5,
        _("Each further retry of a webhook delivery waits this many times longer."),
    ),
    Param(
        "api.webhook_timeout_seconds",
        "API-2",
        5,
        _("Seconds a webhook receiver has to answer before the attempt counts as failed."),
    ),
)
