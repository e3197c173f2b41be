"""Demo: compute the analysis figures once, so the pages show the demo data at once."""

from __future__ import annotations

import datetime as dt

from analysis.models import AnalysisRun
from analysis.services import analysis_refresh


def demo_load(*, now: dt.datetime) -> str:
    # Runs after the other apps' demo data (analysis is the last app). Once is enough: the
    # nightly job keeps the figures fresh from then on.
    if AnalysisRun.objects.exists():
        return ""
    run = analysis_refresh(now=now)
    return f"Analysis figures computed ({sum(run.rows.values())} rows)."
