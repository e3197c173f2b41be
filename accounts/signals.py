"""Receivers of the sign-in events: the idle clock starts at login (accounts/middleware.py).

Logins, failures, lock-outs and logouts themselves are logged by django-axes
(AccessLog, AccessFailureLog, AccessAttempt) and shown on the login log page."""

import logging

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from accounts.middleware import SEEN_KEY, now_seconds

log = logging.getLogger("crm.security")


@receiver(user_logged_in)
def _start_idle_clock(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:
        session[SEEN_KEY] = now_seconds()


@receiver(user_login_failed)
def _log_failure(sender, credentials, request=None, **kwargs):
    address = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    log.warning("login failed: username=%r address=%s", credentials.get("username"), address)
