"""Scheduled jobs of the deals app (thin: a service with the current time)."""

from django.utils import timezone

from deals import services


def tiers_nightly() -> int:
    """Nightly: recompute every customer's tier and credit grade (DEAL-2, DEAL-3)."""
    return services.tiers_nightly(now=timezone.now())
