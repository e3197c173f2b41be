"""WORK-1 in a phone browser: the tabs swap in place (htmx) and keep the URL, the main
actions stay in reach while the page scrolls, and nothing is wider than the phone.
WORK-2: the filters of a list are folded on the phone."""

from pathlib import Path

import pytest

from crm import roles
from tests.browser.test_smoke import log_in
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.rule("WORK-1")]
SHOTS = Path(__file__).resolve().parents[2] / "test-results"


def test_a_rep_switches_tabs_in_place_with_the_actions_in_reach(live_db, live_server, page):
    rep = UserFactory(username="zhangwei", last_name="张", first_name="伟", roles=[roles.REP])
    customer = CustomerFactory(
        owner=rep, name="王秀英", phone="13800138000", description="长" * 600
    )
    log_in(page, live_server, "zhangwei")
    page.goto(f"{live_server.url}/customers/{customer.pk}/")
    call = page.locator('[data-action="call"]')
    assert call.is_visible()
    # The visits tab comes in without a new page: the action bar is the same element.
    page.evaluate("document.querySelector('[data-main-actions]').dataset.marker = 'kept'")
    page.click('[data-tab="visits"]')
    page.wait_for_selector('[data-panel="visits"]')
    assert page.url.endswith("?tab=visits")
    assert page.evaluate("document.querySelector('[data-main-actions]').dataset.marker") == "kept"
    page.click('[data-tab="profile"]')
    page.wait_for_selector('[data-panel="profile"]')
    # Scrolled down a long profile, "log a visit" is still on the screen.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert page.evaluate("window.scrollY") > 300
    box = page.locator('[data-action="log-visit"]').bounding_box()
    assert box is not None
    assert 0 <= box["y"] <= 812 - box["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "customer-tabs-375.png"))


@pytest.mark.rule("WORK-2")
def test_the_pool_filters_are_folded_on_a_phone(live_db, live_server, page):
    UserFactory(username="zhangwei", last_name="张", first_name="伟", roles=[roles.REP])
    log_in(page, live_server, "zhangwei")
    page.goto(f"{live_server.url}/pool/")
    assert page.locator("#id_q").is_visible()
    assert not page.locator("#id_region").is_visible()
    page.click("details.list-filters summary")
    assert page.locator("#id_region").is_visible()
