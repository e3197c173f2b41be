"""Task-queue entry points: thin wrappers that call a service with the current time."""

from django.utils import timezone

from crm import services


def heartbeat() -> None:
    services.heartbeat_record(now=timezone.now())
