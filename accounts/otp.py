"""SEC-5: who logs in with a second factor, and their devices (django-otp).

A user whose roles carry `accounts.log_in_with_second_factor` (the general manager, finance
and admins; crm/roles.py via accounts/roles.py), and every superuser, must confirm each
login with a TOTP code from an authenticator app, or one of their single-use recovery
codes. The first time, they set the app up (a QR code and the secret) and receive the
recovery codes.
"""

from __future__ import annotations

import base64

from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

SECOND_FACTOR_PERMISSION = "accounts.log_in_with_second_factor"
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"
RECOVERY_COUNT = 10


def second_factor_required(*, user) -> bool:
    """Whether this user's login must be confirmed with a second factor (SEC-5)."""
    return bool(user.is_authenticated and user.has_perm(SECOND_FACTOR_PERMISSION))


def second_factor_done(*, request) -> bool:
    """Whether this session's login was confirmed with a second factor."""
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


def totp_device(*, user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def totp_pending(*, user) -> TOTPDevice:
    """The authenticator being set up: one unconfirmed device, made on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def totp_secret(device: TOTPDevice) -> str:
    """The secret as an authenticator app takes it by hand (base32, in groups of four)."""
    text = base64.b32encode(device.bin_key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def second_factor_verify(*, request, token: str) -> bool:
    """Check a TOTP or recovery code for the signed-in user; on success the session counts
    as confirmed. Each device throttles wrong codes by itself (django-otp)."""
    token = "".join((token or "").split())
    if not token or len(token) > 16:
        return False
    user = request.user
    # Six digits are a code from the app; anything else can only be a recovery code (so a
    # recovery code does not count as a wrong app code, and the reverse).
    if token.isdigit() and len(token) == 6:
        device = totp_device(user=user)
    else:
        device = StaticDevice.objects.filter(user=user, name=RECOVERY_NAME).first()
    if device is None:
        return False
    with transaction.atomic():
        device = type(device).objects.select_for_update().get(pk=device.pk)
        if device.verify_token(token):
            otp_login(request, device)
            return True
    return False


@transaction.atomic
def totp_confirm(*, request, device: TOTPDevice, token: str) -> list[str] | None:
    """Finish setting up an authenticator with its first code: the device is confirmed, the
    session counts as confirmed, and fresh recovery codes are returned (shown once)."""
    token = "".join((token or "").split())
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not token.isdigit() or not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return recovery_codes_new(user=device.user)


@transaction.atomic
def recovery_codes_new(*, user) -> list[str]:
    """Ten new single-use recovery codes; the old ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(*, user) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_NAME).count()


def session_device_key() -> str:
    return DEVICE_ID_SESSION_KEY
