"""A rep makes an API token on a phone, copies it once, and the API answers with it."""

from pathlib import Path

import pytest

from crm import roles
from tests.browser.test_smoke import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.mark.rule("API-1")
def test_a_rep_makes_a_token_on_a_phone_and_calls_the_api(live_db, live_server, page):
    UserFactory(username="zhangwei", last_name="张", first_name="伟", roles=[roles.REP])
    log_in(page, live_server, "zhangwei")
    page.click("#main-menu summary")
    page.click(".account summary")
    page.click('[data-nav="api-tokens"]')
    page.fill("#id_name", "我的表格")
    page.click("form.card button[type=submit]")
    secret = page.locator("[data-secret]").inner_text()
    assert secret.startswith("crm_")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "api-tokens-375.png"), full_page=True)
    answer = page.request.get(
        f"{live_server.url}/api/customers", headers={"Authorization": f"Bearer {secret}"}
    )
    assert answer.status == 200
    assert answer.json()["items"] == []
