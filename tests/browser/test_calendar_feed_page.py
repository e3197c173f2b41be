"""A rep makes their calendar address on a phone, and a calendar reading it gets their
visits (API-3)."""

from pathlib import Path

import pytest
from django.utils import timezone
from icalendar import Calendar

from crm import roles
from tests.browser.test_smoke import log_in
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory
from tests.visits.factories import VisitTaskFactory

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.mark.rule("API-3")
def test_a_rep_makes_the_calendar_address_on_a_phone_and_a_calendar_reads_it(
    live_db, live_server, page
):
    rep = UserFactory(username="zhangwei", last_name="张", first_name="伟", roles=[roles.REP])
    VisitTaskFactory(
        customer=CustomerFactory(name="王阿姨", owner=rep),
        assignee=rep,
        due_on=timezone.localdate(),
        purpose="测血压",
    )
    log_in(page, live_server, "zhangwei")
    page.click("#main-menu summary")
    page.click(".account summary")
    page.click('[data-nav="calendar-feed"]')
    page.click("[data-feed-state] button[type=submit]")
    https = page.locator("[data-feed-https]").inner_text()
    webcal = page.locator("[data-feed-webcal]").inner_text()
    assert webcal.startswith("webcal://")
    assert https.endswith(".ics")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "calendar-feed-375.png"), full_page=True)
    answer = page.request.get(https)
    assert answer.status == 200
    assert answer.headers["content-type"] == "text/calendar; charset=utf-8"
    (event,) = Calendar.from_ical(answer.body()).walk("VEVENT")
    assert "王阿姨" in str(event["SUMMARY"])
