"""The whole first-contact paperwork in the browser, as its users do it.

A rep fills a survey on a phone; the sales manager assigns it; it is sealed in the service
manager's custody; the rep asks to read it; the general manager approves; the rep reads it
and the general manager sees the read in the log.
"""

import pytest

from crm import roles
from customers.models import QuestionKind, Survey, SurveyStatus, SurveyTemplate
from tests.customers.factories import QuestionFactory, SurveyTemplateFactory
from tests.factories import PASSWORD, UserFactory
from tests.second_factor import pass_second_step

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1280, "height": 900}


def open_as(browser, live_server, username, *, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].button-primary")
    pass_second_step(page, live_server)  # SEC-5: the general manager and finance
    page.wait_for_url(f"{live_server.url}/")
    return page


@pytest.mark.rule("INTAKE-1", "INTAKE-4", "INTAKE-5", "INTAKE-6", "SEAL-1")
def test_a_survey_goes_from_the_reps_phone_to_a_sealed_read_in_the_log(
    live_db, live_server, browser
):
    rep = UserFactory(username="zhangwei", last_name="张", first_name="伟", roles=[roles.REP])
    UserFactory(username="liuyang", roles=[roles.SALES_MANAGER])
    UserFactory(username="wutao", roles=[roles.SERVICE_MANAGER])
    UserFactory(username="chen", roles=[roles.GENERAL_MANAGER])
    SurveyTemplate.objects.update(is_default=False)  # the shipped one may be there, or flushed
    template = SurveyTemplateFactory(is_default=True)
    question = QuestionFactory(template=template, text="平时身体怎么样？", kind=QuestionKind.TEXT)

    # The rep fills the survey on a phone.
    phone = open_as(browser, live_server, "zhangwei", viewport={"width": 375, "height": 812})
    phone.goto(f"{live_server.url}/surveys/new/")
    phone.fill("#id_new-name", "王秀英")
    phone.fill("#id_new-phone", "13912345678")
    phone.select_option("#id_new-source", "event")
    phone.fill(f"#id_a-q{question.pk}", "血压偏高，每天散步。")
    phone.check("#id_signed")
    phone.click("form button[type=submit].button-block")
    phone.wait_for_load_state()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    survey = Survey.objects.get()
    assert survey.collector == rep
    assert survey.status == SurveyStatus.SUBMITTED

    # The sales manager accepts the proposed rep: the survey is assigned and sealed.
    manager = open_as(browser, live_server, "liuyang", viewport=DESKTOP)
    manager.goto(f"{live_server.url}/surveys/queue/")
    manager.locator("form button[type=submit].button-primary").first.click()
    manager.wait_for_load_state()
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.SEALED
    assert survey.assigned_to == rep
    assert survey.custodian.username == "wutao"

    # The service manager holds it, and sees no answer.
    custodian = open_as(browser, live_server, "wutao", viewport=DESKTOP)
    custodian.goto(f"{live_server.url}/sealed/")
    assert "王秀英" in custodian.content()
    assert "血压偏高" not in custodian.content()

    # The collector cannot read it without approval; asks, with a reason.
    phone.goto(f"{live_server.url}/sealed/{survey.pk}/read/")
    assert "血压偏高" not in phone.content()
    phone.goto(f"{live_server.url}/access/new/?survey={survey.pk}")
    phone.fill("#id_reason", "客户来电核对健康情况。")
    phone.click("form button[type=submit].button-primary")
    phone.wait_for_load_state()

    # The general manager approves for a few hours.
    gm = open_as(browser, live_server, "chen", viewport=DESKTOP)
    gm.goto(f"{live_server.url}/access/pending/")
    gm.click('button[name="decision"][value="approve"]')
    gm.wait_for_load_state()

    # Now the rep reads it, and the read is in the general manager's log.
    phone.goto(f"{live_server.url}/sealed/{survey.pk}/read/")
    assert "血压偏高，每天散步。" in phone.content()
    gm.goto(f"{live_server.url}/access/log/")
    log = gm.locator("main").inner_text()
    assert "张伟" in log
    assert "王秀英" in log
