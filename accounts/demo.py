"""Demo way in past the second step (SEC-5) for `make run`.

The demo general manager, finance officer and admin each get an authenticator set up with
a key anyone can know (like the demo password): add it to an authenticator app, or print
the current code with `python manage.py demo_otp_code gm`. Real users set their own app up
at their first login; the demo keys are made only by the demo loader.
"""

from __future__ import annotations

import base64
import hashlib

from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.otp import TOTP_NAME, second_factor_required

DEMO_USERS = ("gm", "finance", "admin")


def demo_key(username: str) -> str:
    """The demo key of a demo user, as TOTPDevice keeps it (40 hex digits)."""
    return hashlib.sha1(f"crm-demo-otp:{username}".encode()).hexdigest()


def demo_secret(username: str) -> str:
    return base64.b32encode(bytes.fromhex(demo_key(username))).decode()


def demo_load(*, now) -> str:
    users = get_user_model().objects.filter(username__in=DEMO_USERS)
    lines = []
    for user in users.order_by("pk"):
        if not second_factor_required(user=user):
            continue
        key = demo_key(user.username)
        device = TOTPDevice.objects.filter(user=user, name=TOTP_NAME).first()
        if device is None or device.key != key or not device.confirmed:
            TOTPDevice.objects.filter(user=user).delete()
            TOTPDevice.objects.create(user=user, name=TOTP_NAME, key=key, confirmed=True)
        lines.append(
            f"  {user.username:<10} key {demo_secret(user.username)}"
            f"   or: python manage.py demo_otp_code {user.username}"
        )
    if not lines:
        return ""
    return "\n".join(
        ["Second step (SEC-5) for the demo users who need it; add the key to an authenticator app:"]
        + lines
    )
