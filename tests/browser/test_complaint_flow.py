"""The issue's acceptance for complaints, in the browser: a product complaint registered by a
rep on a phone goes through quality test (service manager), compensation (finance) and
remake, is closed with the outcome, and appears in the month's summary (SVC-3)."""

import pytest
from django.utils import timezone

from crm import roles
from service.models import CaseKind, Complaint, ComplaintState
from tests.customers.factories import CustomerFactory
from tests.factories import PASSWORD, UserFactory
from tests.second_factor import pass_second_step
from tests.service.factories import log_case

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 812}
DESK = {"width": 1280, "height": 900}


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


def record_step(page, step, **fields):
    for name, value in fields.items():
        page.fill(f"#id_{step}-{name}", value)
    page.click("form[data-step] button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.rule("SVC-3")
def test_a_product_complaint_goes_through_every_step_into_the_months_summary(
    live_db, live_server, browser
):
    rep = UserFactory(username="zhangwei", last_name="张", first_name="伟", roles=[roles.REP])
    UserFactory(username="wutao", last_name="吴", first_name="涛", roles=[roles.SERVICE_MANAGER])
    UserFactory(username="zhengjie", last_name="郑", first_name="洁", roles=[roles.FINANCE])
    customer = CustomerFactory(name="张玉珍", owner=rep)
    case = log_case(
        by=rep,
        now=timezone.now(),
        customer=customer,
        kind=CaseKind.COMPLAINT,
        subject="理疗仪不发热",
    )

    # The rep registers the complaint form from the case, on a phone.
    phone = open_as(browser, live_server, "zhangwei", viewport=PHONE)
    phone.goto(f"{live_server.url}/service/cases/{case.pk}/complaint/")
    phone.locator("label", has=phone.locator("input[name=cause][value=product]")).click()
    phone.fill("#id_product", "家用理疗仪")
    phone.fill("#id_description", "用了三天就不发热了")
    phone.fill("#id_demand", "换一台新的")
    phone.click("form button[type=submit].button-primary")
    phone.wait_for_url(f"{live_server.url}/service/complaints/*/")
    complaint = Complaint.objects.get()
    assert phone.locator("[data-field=product]").inner_text() == "家用理疗仪"
    # The rep cannot record the quality test: the page says who does.
    assert phone.locator("[data-waiting=quality_test]").count() == 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    url = phone.url

    manager = open_as(browser, live_server, "wutao", viewport=DESK)
    manager.goto(url)
    defect = manager.locator("input[name='quality_test-result'][value=defect]")
    manager.locator("label", has=defect).click()
    record_step(manager, "quality_test", findings="加热片损坏")
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.TESTED

    finance = open_as(browser, live_server, "zhengjie", viewport=DESK)
    finance.goto(url)
    record_step(finance, "compensation", amount="680.50", note="现金赔偿")
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.COMPENSATED
    amount = finance.locator("[data-record=compensation] [data-field=amount]")
    assert "680.50" in amount.inner_text()

    manager.goto(url)
    record_step(manager, "remake", done_on=timezone.localdate().isoformat(), note="已重做")
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.REMADE
    record_step(manager, "close", outcome="已赔偿并更换新机")
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.CLOSED
    assert manager.locator("[data-field=outcome]").inner_text() == "已赔偿并更换新机"
    assert manager.locator("[data-record]").count() == 3

    # The month's summary counts it, closed, with its compensation, under its product.
    manager.goto(f"{live_server.url}/service/complaints/summary/")
    assert manager.locator("[data-figure=count] .figure").inner_text() == "1"
    assert "680.50" in manager.locator("[data-figure=compensation] .figure").inner_text()
    row = manager.locator('tr[data-product="家用理疗仪"]')
    assert "680.50" in row.inner_text()
    assert manager.locator("tr[data-state=closed]").count() == 1
    manager.screenshot(path="test-results/complaint-summary.png", full_page=True)
