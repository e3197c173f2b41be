"""A telesales rep logs calls with the keyboard only, as fast as they dial (TEL-1).

Type, Tab to the next field, arrow keys in the lists, Enter to log: the form comes back
empty with the cursor in the first field, and the call is in today's list below. The
same keys work with JavaScript off (the page posts and comes back).
"""

import pytest
from playwright.sync_api import expect

from crm import roles
from telesales.models import Call
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


def open_desk(browser, live_server, *, viewport, javascript=True):
    context = browser.new_context(viewport=viewport, locale="zh-CN", java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "sunli")
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].button-primary")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/telesales/")
    return page


def type_call(page, *, organisation, surname, department, title, phone, headcount, notes):
    """Everything from the keyboard, starting in the focused organisation field."""
    keyboard = page.keyboard
    for text in (organisation, surname, department, title, phone, headcount):
        keyboard.type(text)
        keyboard.press("Tab")
    keyboard.press("ArrowDown")  # IT status: the first choice
    keyboard.press("Tab")
    keyboard.press("ArrowDown")  # outcome: interested
    keyboard.press("Tab")
    keyboard.type(notes)
    keyboard.press("Enter")


@pytest.mark.rule("TEL-1")
def test_several_calls_are_logged_with_the_keyboard_only(live_db, live_server, browser):
    UserFactory(username="sunli", last_name="孙", first_name="丽", roles=[roles.TELESALES])
    page = open_desk(browser, live_server, viewport=DESKTOP)
    expect(page.locator("#id_organisation")).to_be_focused()
    calls = [
        ("北京华信科技有限公司", "王", "行政部", "经理", "01082310001", "120", "要报价"),
        ("朝阳区顺达物流有限公司", "李", "办公室", "主任", "01082310002", "60", "下周再联系"),
        ("北京华信科技有限公司", "王", "行政部", "经理", "01082310001", "", "补充需求"),
    ]
    for n, (org, surname, dept, title, phone, headcount, notes) in enumerate(calls, start=1):
        type_call(
            page,
            organisation=org,
            surname=surname,
            department=dept,
            title=title,
            phone=phone,
            headcount=headcount,
            notes=notes,
        )
        expect(page.locator("#call-desk table.tel-calls tbody tr")).to_have_count(n)
        # htmx focuses the autofocus field when the swapped content settles, just after.
        expect(page.locator("#id_organisation")).to_be_focused()
        assert page.input_value("#id_organisation") == ""
        assert page.url == f"{live_server.url}/telesales/"  # swapped in place, no reload
    assert Call.objects.count() == 3
    assert [c.is_valid for c in Call.objects.order_by("called_at", "pk")] == [True, True, False]
    assert Call.objects.values("prospect").distinct().count() == 2
    rows = page.locator("#call-desk table.tel-calls tbody tr")
    assert "tag-bad" in rows.nth(0).inner_html()  # newest first: the call without headcount
    assert page.locator(".tel-figures").inner_text().startswith("3")


@pytest.mark.rule("TEL-1")
def test_the_keyboard_flow_works_without_javascript_on_a_phone(live_db, live_server, browser):
    UserFactory(username="sunli", last_name="孙", first_name="丽", roles=[roles.TELESALES])
    page = open_desk(browser, live_server, viewport=PHONE, javascript=False)
    page.focus("#id_organisation")  # autofocus, which a script-less page may not honour
    type_call(
        page,
        organisation="北京金桥会计师事务所",
        surname="钱",
        department="行政部",
        title="主管",
        phone="01082310003",
        headcount="35",
        notes="想了解正版软件",
    )
    expect(page.locator("#call-desk table.tel-calls tbody tr")).to_have_count(1)
    assert page.input_value("#id_organisation") == ""
    assert "北京金桥会计师事务所" in page.locator("#call-desk table").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert Call.objects.get().is_valid
