"""Scheduled job of the analysis (thin: the service with the current time)."""

from django.utils import timezone

from analysis.services import analysis_refresh


def refresh_nightly() -> dict:
    """REPORT-2: rebuild the figures of the analysis pages (nightly, or by hand)."""
    return analysis_refresh(now=timezone.now()).rows
