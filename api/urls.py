"""The API under /api/ (its own bearer tokens, so no login redirect and no CSRF cookie),
every call logged; the token page and the calendar feed page under the user's account; the
calendar feed (API-3)."""

from __future__ import annotations

import time
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils import timezone

from api import views
from api.api import api
from api.services import call_log


def _logged(view):
    """Log each call: token, method, path, status, when and how long (API-1)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        started, at = time.monotonic(), timezone.now()
        response = view(request, *args, **kwargs)
        call_log(
            token=getattr(request, "api_token", None),
            method=request.method,
            path=request.path,
            status=response.status_code,
            at=at,
            duration_ms=(time.monotonic() - started) * 1000,
        )
        return response

    return login_not_required(wrapped)


def _api_patterns():
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = _logged(pattern.callback)
    return patterns, app_name, namespace


token_patterns = [
    path("", views.token_list, name="token_list"),
    path("<int:pk>/revoke/", views.token_revoke_view, name="token_revoke"),
]

urlpatterns = [
    path("api/", _api_patterns()),
    path("accounts/tokens/", include((token_patterns, "api_tokens"))),
    # API-3: the calendar feed page, and the feed (no login: the secret is the credential).
    path("accounts/calendar/", views.calendar_feed_page, name="calendar_feed"),
    path("accounts/calendar/revoke/", views.calendar_feed_revoke_view, name="calendar_feed_revoke"),
    path("calendar/<str:secret>.ics", views.calendar_feed_ics, name="calendar_feed_ics"),
]
