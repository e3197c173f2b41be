"""Two checks on every signed-in request.

- SEC-5: a user who must log in with a second factor reaches only the second-factor pages
  (and logout, language switch) until this session's login is confirmed.
- Idle sessions end: a session without a request for `auth.idle_minutes` (default 8 hours)
  is logged out. The last request's time is written at most once a minute, so a busy
  session costs no extra writes.
"""

from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from accounts.otp import second_factor_done, second_factor_required, totp_device
from crm.parameters import param

SEEN_KEY = "crm_seen"
SEEN_EVERY = 60  # seconds between writes of the last request's time

# What a signed-in user may reach before the second factor is given.
OPEN_BEFORE_SECOND_FACTOR = {
    "login",
    "logout",
    "set_language",
    "healthz",
    "accounts:otp_verify",
    "accounts:otp_setup",
    "accounts:otp_recovery",
    "admin:logout",
}


def now_seconds() -> int:
    return int(timezone.now().timestamp())


class IdleSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = now_seconds()
            seen = request.session.get(SEEN_KEY)
            if seen is None:
                request.session[SEEN_KEY] = now
            elif now - seen >= SEEN_EVERY:
                if now - seen > int(param("auth.idle_minutes")) * 60:
                    logout(request)
                    return redirect_to_login(request.get_full_path())
                request.session[SEEN_KEY] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """After django-otp's OTPMiddleware (which knows whether the session is verified)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not second_factor_required(user=user):
            return None
        if second_factor_done(request=request):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        name = "accounts:otp_verify" if totp_device(user=user) else "accounts:otp_setup"
        return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
