"""SEC-5 helpers for tests: a confirmed session for force_login, and codes for real logins."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice

from accounts.otp import second_factor_required

TEST_DEVICE = "force_login (tests)"


def mark_verified(client, user) -> None:
    """The client's session counts as confirmed with a second factor, if the user needs one."""
    fresh = get_user_model().objects.get(pk=user.pk)  # the caller's object keeps its caches
    if not second_factor_required(user=fresh):
        return
    device, _created = StaticDevice.objects.get_or_create(
        user=fresh, name=TEST_DEVICE, defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def totp_now(device, *, at=None) -> str:
    """The code an authenticator app shows for `device` (now, or at a unix time)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if at is not None:
        totp.time = at
    return f"{totp.token():0{device.digits}d}"


def pass_second_step(page, live_server) -> None:
    """In a browser that just submitted the login form: if the second step is asked for,
    give it the code an authenticator app would show (setting the app up first if needed),
    and land where the login was going."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page.wait_for_load_state()
    if "/accounts/second-factor/" not in page.url:
        return
    username = page.locator("[data-username]").get_attribute("data-username")
    user = get_user_model().objects.get(username=username)
    setup = "/setup/" in page.url
    device = TOTPDevice.objects.filter(user=user, confirmed=not setup).order_by("pk").last()
    page.fill("#id_code", totp_now(device))
    page.click("form button[type=submit].button-primary")
    page.wait_for_load_state()
    if setup:  # the recovery codes, shown once
        page.click("a.button-primary")
        page.wait_for_load_state()
