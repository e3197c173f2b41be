"""SEC-4 for django-axes: the failure limit and the lock's length come from the admin's rule
settings (AXES_FAILURE_LIMIT and AXES_COOLOFF_TIME point here)."""

from __future__ import annotations

import datetime as dt

from crm.parameters import param


def failure_limit(request, credentials) -> int:
    return max(1, int(param("auth.lockout_failures")))


def cooloff(request=None) -> dt.timedelta:
    return dt.timedelta(minutes=max(1, int(param("auth.lockout_minutes"))))
