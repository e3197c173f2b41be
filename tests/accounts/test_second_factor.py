"""SEC-5: the general manager, finance and admins confirm each login with a TOTP code (or a
single-use recovery code); everyone else logs in with the password alone."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.otp import SECOND_FACTOR_PERMISSION, recovery_codes_new
from crm import roles
from tests.second_factor import totp_now

pytestmark = [pytest.mark.django_db, pytest.mark.rule("SEC-5")]

LOGIN = "/accounts/login/"
VERIFY = "/accounts/second-factor/"
SETUP = "/accounts/second-factor/setup/"
ENFORCED = (roles.GENERAL_MANAGER, roles.FINANCE, roles.ADMIN)


def _login(client, user, password, next_url=""):
    data = {"username": user.username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


@pytest.fixture
def gm(make_user):
    return make_user(roles.GENERAL_MANAGER, username="gm", last_name="陈", first_name="建国")


@pytest.fixture
def gm_device(gm):
    return TOTPDevice.objects.create(user=gm, name="authenticator", confirmed=True)


def test_exactly_the_general_manager_finance_and_admins_need_it():
    holders = set(
        Group.objects.filter(
            permissions__codename="log_in_with_second_factor",
            permissions__content_type__app_label="accounts",
        ).values_list("name", flat=True)
    )
    assert holders == set(ENFORCED)
    assert SECOND_FACTOR_PERMISSION == "accounts.log_in_with_second_factor"


@pytest.mark.parametrize("code", ENFORCED)
def test_password_alone_reaches_nothing_but_the_second_step(client, make_user, password, code):
    user = make_user(code, is_staff=code == roles.ADMIN)
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    response = _login(client, user, password)
    assert response.status_code == 302
    for url in ("/", "/customers/", "/admin/", reverse("notification_list")):
        answer = client.get(url)
        assert answer.status_code == 302, url
        assert answer["Location"].startswith(VERIFY), url


def test_a_rep_logs_in_with_the_password_alone(client, rep, password):
    _login(client, rep, password)
    assert client.get("/").status_code == 200


def test_the_general_manager_logs_in_with_a_code(client, gm, gm_device, password, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wrong code below would delay the right one
    response = _login(client, gm, password, next_url="/customers/")
    assert response["Location"] == "/customers/"
    step = client.get("/customers/")
    assert step["Location"] == f"{VERIFY}?next=%2Fcustomers%2F"
    assert "验证码" in client.get(step["Location"]).content.decode()
    wrong = client.post(VERIFY, {"code": "000000", "next": "/customers/"})
    assert wrong.status_code == 400
    assert client.get("/").status_code == 302
    code = totp_now(gm_device)
    done = client.post(VERIFY, {"code": code, "next": "/customers/"})
    assert done.status_code == 302
    assert done["Location"] == "/customers/"
    assert client.get("/").status_code == 200
    # A code is good once: the next login needs the next one.
    client.post(reverse("logout"))
    _login(client, gm, password)
    assert client.post(VERIFY, {"code": code}).status_code == 400


def test_a_recovery_code_works_once(client, gm, gm_device, password, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0  # the used code below would delay the next one
    codes = recovery_codes_new(user=gm)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    _login(client, gm, password)
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 302
    assert client.get("/").status_code == 200
    client.post(reverse("logout"))
    _login(client, gm, password)
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 400
    assert client.post(VERIFY, {"code": codes[1]}).status_code == 302


def test_first_login_sets_up_the_app_and_shows_recovery_codes(client, gm, password, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wrong code below would delay the right one
    _login(client, gm, password)
    assert client.get("/")["Location"].startswith(SETUP)
    page = client.get(SETUP)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html  # the QR code to scan
    device = TOTPDevice.objects.get(user=gm, confirmed=False)
    assert client.post(SETUP, {"code": "123"}).status_code == 400
    assert not TOTPDevice.objects.filter(user=gm, confirmed=True).exists()
    done = client.post(SETUP, {"code": totp_now(device)})
    assert done.status_code == 302
    codes = client.get(done["Location"])
    assert len(codes.context["codes"]) == 10
    assert client.get("/").status_code == 200
    # Shown once only.
    assert client.get(reverse("accounts:otp_recovery")).context["codes"] is None


def test_nobody_replaces_the_app_without_the_code(client, gm, gm_device, password):
    _login(client, gm, password)
    assert client.get(SETUP)["Location"].startswith(VERIFY)
    assert client.post(SETUP, {"code": "000000"})["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=gm).count() == 1


@pytest.mark.second_factor_unverified
def test_a_session_without_the_code_is_sent_to_the_second_step(client, gm, gm_device, rep):
    client.force_login(gm)
    assert client.get("/")["Location"].startswith(VERIFY)
    client.force_login(rep)
    assert client.get("/").status_code == 200


def test_malformed_codes_are_refused_without_error(client, gm, gm_device, password):
    _login(client, gm, password)
    for code in ("", "x" * 10000, "12\x003456", "９９９９９９", "-1", "1e6"):
        assert client.post(VERIFY, {"code": code}).status_code == 400
    assert client.get("/").status_code == 302


def test_wrong_codes_slow_the_next_tries(client, gm, gm_device, password):
    _login(client, gm, password)
    assert client.post(VERIFY, {"code": "000000"}).status_code == 400
    # Right after a wrong code even the right one waits (django-otp's throttle).
    assert client.post(VERIFY, {"code": totp_now(gm_device)}).status_code == 400
    gm_device.refresh_from_db()
    assert gm_device.throttling_failure_count == 1
