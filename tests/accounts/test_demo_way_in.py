"""SEC-5 for `make run`: the demo users who need a second factor get a known authenticator
key, printed by the demo loader, and a command prints their current code."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.demo import demo_key, demo_load, demo_secret
from crm import roles
from tests.second_factor import totp_now

pytestmark = [pytest.mark.django_db, pytest.mark.rule("SEC-5")]


def test_the_demo_loader_prints_the_keys_and_the_code_command_works(make_user, frozen_now):
    gm = make_user(roles.GENERAL_MANAGER, username="gm")
    make_user(roles.REP, username="admin")  # not an admin here: no second factor, no key
    line = demo_load(now=frozen_now)
    assert demo_secret("gm") in line
    assert "demo_otp_code gm" in line
    assert "admin" not in line
    device = TOTPDevice.objects.get(user=gm)
    assert device.confirmed
    assert device.key == demo_key("gm")
    demo_load(now=frozen_now)  # again: the same device
    assert TOTPDevice.objects.get(user=gm).pk == device.pk
    out = io.StringIO()
    call_command("demo_otp_code", "gm", stdout=out)
    assert out.getvalue().strip() == totp_now(device)


def test_no_code_for_a_user_with_their_own_app(make_user):
    gm = make_user(roles.GENERAL_MANAGER, username="gm")
    TOTPDevice.objects.create(user=gm, name="authenticator", confirmed=True)
    with pytest.raises(CommandError):
        call_command("demo_otp_code", "gm", stdout=io.StringIO())
