"""A rep logs in on a phone-sized screen and sees their dashboard."""

from pathlib import Path

import pytest

from crm import roles
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-results"


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].button-primary")
    page.wait_for_url(f"{live_server.url}/")


def test_a_rep_logs_in_on_a_phone_and_sees_the_dashboard(live_db, live_server, page):
    UserFactory(username="zhangwei", last_name="张", first_name="伟", roles=[roles.REP])
    log_in(page, live_server, "zhangwei")
    assert "张伟" in page.locator("h1").inner_text()
    assert page.locator('[data-panel="my_day"] h2').inner_text() == "我的一天"
    # Nothing is wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "rep-dashboard-375.png"), full_page=True)


def test_the_phone_menu_opens_and_switches_language(live_db, live_server, page):
    UserFactory(username="wangfang", last_name="王", first_name="芳", roles=[roles.SUPERVISOR])
    log_in(page, live_server, "wangfang")
    page.click("#main-menu summary")
    # Every entry of the menu can be reached on the phone: it scrolls inside the screen.
    page.locator('[data-nav="team"]').scroll_into_view_if_needed()
    assert page.locator('[data-nav="team"]').is_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "supervisor-menu-375.png"))
    page.click('button[name="language"][value="en"]')
    page.wait_for_load_state()
    assert page.locator('[data-panel="team"] h2').inner_text() == "My team"
    page.click("#main-menu summary")
    page.click('[data-nav="team"]')
    assert page.locator("h1").inner_text() == "Team"
