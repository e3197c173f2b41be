"""Reads of the login log (SEC-4): django-axes' records, one list per kind of event."""

from __future__ import annotations

import datetime as dt

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db.models import F, QuerySet

from accounts.lockout import cooloff, failure_limit

LOGINS = "logins"
LOGOUTS = "logouts"
FAILURES = "failures"
LOCKOUTS = "lockouts"
LOCKS = "locks"
KINDS = (LOGINS, LOGOUTS, FAILURES, LOCKOUTS, LOCKS)


def locks_in_force(*, now: dt.datetime) -> QuerySet[AccessAttempt]:
    """Account-and-address pairs locked right now: as many failures as the limit, the last
    one within the lock's length."""
    return AccessAttempt.objects.filter(
        failures_since_start__gte=failure_limit(None, None),
        attempt_time__gt=now - cooloff(),
    ).order_by("-attempt_time", "-pk")


def login_log(*, kind: str, now: dt.datetime, username: str = "") -> QuerySet:
    """One kind of event, newest first, optionally for one username (exact, any case)."""
    if kind == LOCKS:
        qs = locks_in_force(now=now)
    elif kind == LOGOUTS:
        qs = AccessLog.objects.filter(logout_time__isnull=False).order_by("-logout_time", "-pk")
    elif kind == FAILURES:
        qs = AccessFailureLog.objects.order_by("-attempt_time", "-pk")
    elif kind == LOCKOUTS:
        qs = AccessFailureLog.objects.filter(locked_out=True).order_by("-attempt_time", "-pk")
    else:
        qs = AccessLog.objects.order_by("-attempt_time", "-pk")
    if username:
        qs = qs.filter(username__iexact=username)
    qs = qs.annotate(at=F("logout_time" if kind == LOGOUTS else "attempt_time"))
    return qs.only("pk", "username", "ip_address", "user_agent", "attempt_time")
