"""SEC-5 and SEC-4 in the browser: the general manager logs in with a password and a TOTP
code on a phone; an admin reads the login log. Screenshots of each step."""

from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from crm import roles
from tests.factories import PASSWORD, UserFactory
from tests.second_factor import totp_now

pytestmark = [pytest.mark.browser]
SHOTS = Path(__file__).resolve().parents[2] / "test-results"


def _password_step(page, live_server, username, password=PASSWORD):
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form button[type=submit].button-primary")
    page.wait_for_load_state()


@pytest.mark.rule("SEC-5")
def test_the_general_manager_logs_in_with_a_totp_code(live_db, live_server, page):
    gm = UserFactory(
        username="chen", last_name="陈", first_name="建国", roles=[roles.GENERAL_MANAGER]
    )
    device = TOTPDevice.objects.create(user=gm, name="authenticator", confirmed=True)
    SHOTS.mkdir(exist_ok=True)
    page.goto(f"{live_server.url}/")
    page.screenshot(path=str(SHOTS / "login-375.png"), full_page=True)
    _password_step(page, live_server, "chen")
    # The password alone lands on the second step, not on the dashboard.
    assert "/accounts/second-factor/" in page.url
    assert page.locator("h1").inner_text() == "第二步验证"
    page.screenshot(path=str(SHOTS / "second-factor-375.png"), full_page=True)
    page.fill("#id_code", "000000")
    page.click("form button[type=submit].button-primary")
    assert "验证码不正确" in page.locator(".field .error").inner_text()
    page.goto(f"{live_server.url}/customers/")
    assert "/accounts/second-factor/" in page.url  # still nowhere without the code
    device.refresh_from_db()
    device.throttling_failure_count = 0  # the wrong code's delay is django-otp's business
    device.save()
    page.fill("#id_code", totp_now(device))
    page.click("form button[type=submit].button-primary")
    page.wait_for_url(f"{live_server.url}/customers/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.rule("SEC-5")
def test_first_login_sets_up_the_authenticator(live_db, live_server, page):
    UserFactory(username="zheng", last_name="郑", first_name="洁", roles=[roles.FINANCE])
    _password_step(page, live_server, "zheng")
    assert "/accounts/second-factor/setup/" in page.url
    assert page.locator(".otp-qr svg").count() == 1
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "second-factor-setup-375.png"), full_page=True)
    device = TOTPDevice.objects.get(user__username="zheng", confirmed=False)
    page.fill("#id_code", totp_now(device))
    page.click("form button[type=submit].button-primary")
    page.wait_for_load_state()
    assert page.locator("[data-testid=recovery-codes] li").count() == 10
    page.click("a.button-primary")
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.rule("SEC-4")
def test_an_admin_reads_the_login_log(live_db, live_server, page):
    admin = UserFactory(
        username="zhao", last_name="赵", first_name="敏", roles=[roles.ADMIN], is_staff=True
    )
    device = TOTPDevice.objects.create(user=admin, name="authenticator", confirmed=True)
    UserFactory(username="zhangwei", roles=[roles.REP])
    for _ in range(5):
        _password_step(page, live_server, "zhangwei", password="wrong")
    _password_step(page, live_server, "zhao")
    page.fill("#id_code", totp_now(device))
    page.click("form button[type=submit].button-primary")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/accounts/log/?kind=failures")
    assert page.locator("tbody tr").count() == 5
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "login-log-375.png"), full_page=True)
    page.goto(f"{live_server.url}/accounts/log/?kind=locks")
    page.click("text=解除锁定")
    page.wait_for_load_state()
    assert page.locator("tbody tr").count() == 0
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/accounts/log/")
    page.screenshot(path=str(SHOTS / "login-log-1280.png"), full_page=True)
