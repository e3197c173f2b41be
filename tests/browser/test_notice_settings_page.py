"""A rep on a phone turns the e-mail of due visits off and their team's WeCom robot on."""

from pathlib import Path

import pytest

from crm import roles
from crm.models import NoticeSettings, TeamRobot
from tests.browser.test_smoke import log_in
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.mark.rule("API-4")
def test_a_rep_chooses_channels_per_kind_on_a_phone(live_db, live_server, page):
    rep = UserFactory(username="zhangwei", last_name="张", first_name="伟", roles=[roles.REP])
    rep.staff.team = TeamFactory()
    rep.staff.save()
    TeamRobot.objects.create(
        team=rep.staff.team,
        channel="wecom",
        url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
    )
    log_in(page, live_server, "zhangwei")
    page.click("#main-menu summary")
    page.click(".account summary")
    page.click('[data-nav="notice-settings"]')
    assert page.locator("h1").inner_text() == "通知设置"
    due = page.locator('[data-kind="visits.due_tomorrow"]')
    assert due.locator("legend").inner_text() == "明天到期的回访"
    due.locator('input[value="email"]').uncheck()
    due.locator('input[value="wecom"]').check()
    assert due.locator('input[value="dingtalk"]').is_disabled()  # no DingTalk robot
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "notice-settings-375.png"), full_page=True)
    page.click("form.notice-settings button[type=submit]")
    assert "通知设置已保存" in page.locator(".messages").inner_text()
    chosen = NoticeSettings.objects.get(user=rep).channels
    assert chosen == {"visits.due_tomorrow": ["inapp", "wecom"]}
