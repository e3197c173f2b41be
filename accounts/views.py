"""The second-factor step of the login (SEC-5) and the login log for admins (SEC-4)."""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import CodeForm, LogFilterForm
from accounts.otp import (
    recovery_codes_left,
    recovery_codes_new,
    second_factor_done,
    second_factor_verify,
    totp_confirm,
    totp_device,
    totp_pending,
    totp_secret,
)
from accounts.selectors import KINDS, LOCKS, LOGINS, login_log
from accounts.services import lock_release
from crm.lib.scoping import role_required

NEW_CODES_KEY = "crm_new_recovery_codes"
LOG_PAGE_SIZE = 50


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@require_http_methods(["GET", "POST"])
def otp_verify(request):
    """The second step of the login: a code from the authenticator app or a recovery code."""
    if second_factor_done(request=request):
        return redirect(_next(request))
    if totp_device(user=request.user) is None:
        return redirect(f"{resolve_url('accounts:otp_setup')}?{request.GET.urlencode()}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor_verify(request=request, token=form.cleaned_data["code"]):
            return redirect(_next(request))
        form.add_error("code", _("That code is not right, or it has been used. Try the next one."))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/otp_verify.html",
        {"form": form, "next": _next(request)},
        status=status,
    )


def _qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """Set up the authenticator app: scan the code (or type the secret), enter one code."""
    if totp_device(user=request.user) is not None and not second_factor_done(request=request):
        return redirect(f"{resolve_url('accounts:otp_verify')}?{request.GET.urlencode()}")
    device = totp_pending(user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = totp_confirm(request=request, device=device, token=form.cleaned_data["code"])
        if codes is not None:
            request.session[NEW_CODES_KEY] = codes
            messages.success(request, _("Your authenticator app is set up."))
            query = urlencode({"next": _next(request)})
            return redirect(f"{resolve_url('accounts:otp_recovery')}?{query}")
        form.add_error("code", _("That code is not right. Check the app's clock and try again."))
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr": _qr_svg(device.config_url),
            "secret": totp_secret(device),
            "next": _next(request),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def otp_recovery(request):
    """Recovery codes: shown once after they are made; new ones on request."""
    if not second_factor_done(request=request):
        return redirect("accounts:otp_verify")
    codes = request.session.pop(NEW_CODES_KEY, None)
    if request.method == "POST":
        codes = recovery_codes_new(user=request.user)
    return render(
        request,
        "accounts/otp_recovery.html",
        {"codes": codes, "left": recovery_codes_left(user=request.user), "next": _next(request)},
    )


@role_required("axes.view_accesslog")
def login_log_list(request):
    """SEC-4: logins, logouts, failures, lock-outs and the locks in force, for admins."""
    kind = request.GET.get("kind", LOGINS)
    if kind not in KINDS:
        kind = LOGINS
    filters = LogFilterForm(request.GET)
    username = filters.cleaned_data["username"] if filters.is_valid() else ""
    now = timezone.now()
    page = Paginator(login_log(kind=kind, now=now, username=username), LOG_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accounts/login_log.html",
        {
            "page": page,
            "kind": kind,
            "kinds": _kind_labels(),
            "filters": filters,
            "may_release": kind == LOCKS and request.user.has_perm("axes.delete_accessattempt"),
        },
    )


def _kind_labels():
    return [
        ("logins", _("Logins")),
        ("logouts", _("Logouts")),
        ("failures", _("Failed logins")),
        ("lockouts", _("Lock-outs")),
        (LOCKS, _("Locked now")),
    ]


@require_POST
@role_required("axes.delete_accessattempt")
def lock_release_view(request, pk: int):
    attempt = lock_release(pk=pk, by=request.user)
    messages.success(
        request,
        _("%(username)s may log in again from %(address)s.")
        % {"username": attempt.username, "address": attempt.ip_address or "—"},
    )
    return redirect(f"{resolve_url('accounts:login_log')}?kind={LOCKS}")
