"""System checks for settings a later edit could quietly break."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def task_queue_retry_exceeds_timeout(app_configs=None, **kwargs):
    conf = getattr(settings, "Q_CLUSTER", {})
    timeout, retry = conf.get("timeout"), conf.get("retry")
    if timeout is None or retry is None or retry <= timeout:
        return [
            Error(
                "Q_CLUSTER['retry'] must be longer than Q_CLUSTER['timeout'].",
                hint="Otherwise a task still running is handed to a second worker.",
                id="crm.E001",
            )
        ]
    return []
