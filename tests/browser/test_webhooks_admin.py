"""An admin registers a webhook in the admin on a phone, copies its secret once, sends a
test event to a receiver on 127.0.0.1 and reads the delivery. Screenshots of each step."""
# ruff: noqa: F811  (the receiver fixture is imported)

from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from api.models import Webhook
from crm import roles
from tests.api.test_webhooks import receiver  # noqa: F401
from tests.factories import PASSWORD, UserFactory
from tests.second_factor import totp_now

pytestmark = [pytest.mark.browser]
SHOTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.mark.rule("API-2")
def test_an_admin_registers_a_webhook_and_sends_a_test_event(live_db, live_server, page, receiver):
    admin = UserFactory(
        username="zhao", last_name="赵", first_name="敏", roles=[roles.ADMIN], is_staff=True
    )
    device = TOTPDevice.objects.create(user=admin, name="authenticator", confirmed=True)
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", "zhao")
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].button-primary")
    page.wait_for_load_state()
    page.fill("#id_code", totp_now(device))
    page.click("form button[type=submit].button-primary")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/admin/api/webhook/add/")
    page.fill("#id_url", receiver.url)
    page.check('input[name=events][value="customer.claimed"]')
    page.check('input[name=events][value="visit.overdue"]')
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "webhook-add-375.png"), full_page=True)
    page.click("input[name=_save]")
    page.wait_for_load_state()
    hook = Webhook.objects.get()
    assert hook.secret in page.locator(".messagelist").inner_text()
    assert "只显示这一次" in page.locator(".messagelist").inner_text()
    page.screenshot(path=str(SHOTS / "webhook-secret-375.png"), full_page=True)

    page.check("input.action-select")
    page.select_option("select[name=action]", "send_test_event")
    page.click("button[name=index]")
    page.wait_for_load_state()
    assert "测试事件已送达" in page.locator(".messagelist").inner_text()
    assert len(receiver.requests) == 1
    page.goto(f"{live_server.url}/admin/api/delivery/")
    page.click("#result_list tbody tr th a")
    page.wait_for_load_state()
    assert "200" in page.content()
    page.screenshot(path=str(SHOTS / "webhook-delivery-375.png"), full_page=True)
