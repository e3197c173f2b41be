"""Points in the browser, on phones: a supervisor records a late arrival, the rep sees it."""

from decimal import Decimal

import pytest
from django.utils import timezone

from crm import roles
from performance.models import PointEvent, PointItem
from tests.factories import PASSWORD, TeamFactory, UserFactory

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 812}


def open_as(browser, live_server, username):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].button-primary")
    page.wait_for_url(f"{live_server.url}/")
    return page


@pytest.mark.rule("PERF-1", "PERF-2")
def test_a_supervisor_records_a_late_arrival_and_the_rep_sees_it_on_their_phone(
    live_db, live_server, browser
):
    supervisor = UserFactory(
        username="wangfang", last_name="王", first_name="芳", roles=[roles.SUPERVISOR]
    )
    rep = UserFactory(username="zhangwei", last_name="张", first_name="伟", roles=[roles.REP])
    team = TeamFactory(name="销售一组", leader=supervisor)
    rep.staff.team = team
    rep.staff.save()
    # The shipped catalogue (a flush between browser tests may have removed it).
    late, _created = PointItem.objects.get_or_create(
        code="late-30",
        defaults={
            "name_zh": "迟到30分钟以内",
            "name_en": "Late up to 30 minutes",
            "points": -2,
            "fine": Decimal("10"),
        },
    )
    today = timezone.localdate()

    boss = open_as(browser, live_server, "wangfang")
    boss.goto(f"{live_server.url}/points/record/")
    boss.select_option("#id_employee", str(rep.pk))
    boss.select_option("#id_item", str(late.pk))
    boss.fill("#id_date", today.isoformat())
    boss.fill("#id_note", "早会迟到10分钟")
    assert boss.evaluate("document.documentElement.scrollWidth") <= 375
    boss.click("form button[type=submit].button-primary")
    boss.wait_for_url(f"{live_server.url}/points/{rep.pk}/{today.year}/{today.month}/")
    assert "迟到30分钟以内" in boss.locator("main").inner_text()
    event = PointEvent.objects.get()
    assert (event.employee, event.points, event.fine) == (rep, -2, Decimal("10.00"))

    phone = open_as(browser, live_server, "zhangwei")
    phone.locator('[data-panel="my_points"]').get_by_role("link").click()
    phone.wait_for_url(f"{live_server.url}/points/")
    main = phone.locator("main").inner_text()
    assert "98" in main
    assert "迟到30分钟以内" in main
    assert "早会迟到10分钟" in main
    assert "¥10.00" in main
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
