"""After-sales service in the browser: a rep logs a call on a phone and closes it with the
answer (SVC-1); the case cannot be closed with the answer left empty."""

import pytest

from crm import roles
from service.models import Case, CaseStatus
from tests.customers.factories import CustomerFactory
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 812}


def open_as(browser, live_server, username, *, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].button-primary")
    page.wait_for_url(f"{live_server.url}/")
    return page


@pytest.mark.rule("SVC-1")
def test_a_rep_logs_a_call_on_a_phone_and_closes_it_with_the_answer(live_db, live_server, browser):
    rep = UserFactory(username="zhangwei", last_name="张", first_name="伟", roles=[roles.REP])
    customer = CustomerFactory(name="王秀英", owner=rep)

    phone = open_as(browser, live_server, "zhangwei", viewport=PHONE)
    phone.goto(f"{live_server.url}/service/cases/new/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    # Find the customer as one types (htmx), pick her, say what she called about.
    phone.fill("#id_customer_query", "王秀")
    phone.locator("#customer-results input[type=radio]").first.check()
    phone.fill("#id_subject", "理疗仪每天用几次")
    phone.fill("#id_description", "老人想知道每天用几次、每次多久")
    phone.click("form.svc-log button[type=submit].button-primary")
    phone.wait_for_url(f"{live_server.url}/service/cases/*/")
    case = Case.objects.get()
    assert case.customer == customer
    assert case.status == CaseStatus.OPEN
    assert "王秀英" in phone.locator("[data-field=customer]").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375

    # Closing with the answer left empty is refused, next to the field.
    phone.click("button[data-action=answer]")
    phone.wait_for_load_state()
    assert phone.locator(".field.has-error").count() == 1
    # The rule in plain words next to the field (its ID only in the "why" detail, WORK-4).
    assert "答复" in phone.locator(".field.has-error .error").inner_text()
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN

    phone.fill("#id_answer", "每天两次，每次二十分钟，饭后一小时再用。")
    phone.click("button[data-action=answer]")
    phone.wait_for_load_state()
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.answered_by == rep
    assert phone.locator("[data-field=answer]").inner_text().startswith("每天两次")
    assert phone.locator("li[data-event=answered]").count() == 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
