"""A manager opens the analysis on a phone and on a desktop: charts that match the tables.

Screenshots of every page at 375 px and 1280 px go to test-results/ (or $SHOTS_DIR) for a
person to look at.
"""

import os
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.otp import second_factor_required
from tests.analysis.factories import build_people, build_shop
from tests.conftest import CURRENT_TIME
from tests.factories import PASSWORD, UserFactory
from tests.second_factor import totp_now

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("SHOTS_DIR", Path(__file__).resolve().parents[2] / "test-results"))
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
PAGES = (
    "profile",
    "loyalty",
    "profitability",
    "performance",
    "prospecting",
    "products",
    "promotion",
    "visits",
    "pool",
    "tiers",
)


def open_as(browser, live_server, username, *, viewport):
    user = User.objects.get(username=username)
    if second_factor_required(user=user):  # SEC-5: an authenticator already set up
        TOTPDevice.objects.get_or_create(user=user, name="authenticator", confirmed=True)
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].button-primary")
    page.wait_for_load_state()
    if page.locator("#id_code").count():  # SEC-5: the general manager's second step
        page.fill("#id_code", totp_now(TOTPDevice.objects.get(user=user, confirmed=True)))
        page.click("form button[type=submit].button-primary")
    page.wait_for_url(f"{live_server.url}/")
    return page


def make_user(*role_codes, **kwargs):
    return UserFactory(roles=list(role_codes), **kwargs)


@pytest.fixture
def frozen():
    with time_machine.travel(CURRENT_TIME, tick=False):
        yield CURRENT_TIME


@pytest.mark.rule("REPORT-2")
def test_a_manager_reads_every_analysis_on_a_phone_and_a_desktop(
    live_db, live_server, browser, frozen
):
    shop = build_shop(build_people(make_user), now=frozen)
    SHOTS.mkdir(exist_ok=True)
    phone = open_as(browser, live_server, shop.manager.username, viewport=PHONE)
    desktop = open_as(browser, live_server, shop.gm.username, viewport=DESKTOP)
    phone.click("#main-menu summary")
    assert phone.locator('[data-nav="analysis"]').get_attribute("href") == "/analysis/"
    phone.goto(f"{live_server.url}/analysis/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.screenshot(path=str(SHOTS / "analysis-overview-375.png"), full_page=True)
    for key in PAGES:
        for page, width in ((phone, 375), (desktop, 1280)):
            page.goto(f"{live_server.url}/analysis/{key}/")
            # Nothing but the charts and tables themselves scrolls sideways.
            assert page.evaluate("document.documentElement.scrollWidth") <= width, key
            page.screenshot(path=str(SHOTS / f"analysis-{key}-{width}.png"), full_page=True)
        charts = phone.locator("svg.chart-svg")
        assert charts.count() >= 1, key
        first = charts.first
        assert first.locator("title").first.text_content()
        assert first.bounding_box()["width"] > 0

    # The phone's bar chart fits the screen; the table under it has the same numbers.
    phone.goto(f"{live_server.url}/analysis/performance/")
    bars = phone.locator("#channel svg.chart-svg")
    assert bars.bounding_box()["width"] <= 375
    drawn = bars.locator("rect").evaluate_all("els => els.map(e => e.dataset.value)")
    listed = phone.locator("#channel tbody td:nth-child(2)").evaluate_all(
        "els => els.map(e => e.dataset.value)"
    )
    assert drawn == listed
    assert "¥" in phone.locator("#channel table").inner_text()
