"""Visits in the browser: a rep on a 375 px phone logs a visit from "my day" in two taps
and the task closes; the service doctor's board shows a rep's overdue visit."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone

from crm import roles
from tests.customers.factories import CustomerFactory
from tests.factories import PASSWORD, UserFactory
from tests.visits.factories import VisitTaskFactory
from visits.defaults import default_rules_ensure
from visits.models import TaskStatus, VisitRecord, VisitRule, VisitTask

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
# Set SCREENSHOTS=/some/dir to look at the pages these tests see.
SHOTS = os.environ.get("SCREENSHOTS", "")


def open_as(browser, live_server, username, *, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].button-primary")
    page.wait_for_url(f"{live_server.url}/")
    return page


def shoot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"visits-{name}.png"), full_page=True)


@pytest.mark.rule("VISIT-6", "VISIT-5")
def test_a_rep_logs_a_visit_from_my_day_on_a_phone_and_the_task_closes(
    live_db, live_server, browser
):
    default_rules_ensure(VisitRule)
    rep = UserFactory(username="zhangwei", last_name="张", first_name="伟", roles=[roles.REP])
    customer = CustomerFactory(name="王秀英", owner=rep)
    task = VisitTaskFactory(customer=customer, assignee=rep, purpose="指导顾客使用产品")
    VisitTaskFactory(
        customer=CustomerFactory(name="李桂兰", owner=rep),
        assignee=rep,
        due_on=timezone.localdate() - dt.timedelta(days=2),
    )

    phone = open_as(browser, live_server, "zhangwei", viewport=PHONE)
    phone.goto(f"{live_server.url}/visits/")
    assert "王秀英" in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    shoot(phone, "my-day-375")

    # Tap 1: "log visit" on the task; fill the record; tap 2: save.
    phone.locator(f"li[data-task='{task.pk}'] a[data-log]").click()
    phone.wait_for_load_state()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.locator("label.visit-method-choice:has(input[value=home])").click()
    phone.fill("#id_met_whom", "王阿姨和女儿")
    phone.fill("#id_discussed", "指导服用方法，每天两次")
    phone.fill("#id_next_step", "一个月后电话回访")
    shoot(phone, "log-375")
    phone.locator("button[data-save]").click()
    phone.wait_for_url(f"{live_server.url}/visits/")

    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    record = VisitRecord.objects.get()
    assert (record.method, record.task_id, record.author) == ("home", task.pk, rep)
    assert phone.locator(f"li[data-task='{task.pk}']").count() == 0
    assert phone.locator(".message").count() >= 1
    shoot(phone, "after-log-375")

    # The customer's page shows the record in its visits tab (WORK-1).
    phone.goto(f"{live_server.url}/customers/{customer.pk}/?tab=visits")
    tab = phone.locator(".tab-panel[data-panel=visits]")
    tab.locator(f"li[data-record='{record.pk}']").wait_for()
    assert "王阿姨和女儿" not in tab.inner_text()  # the list is short
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    if SHOTS:
        tab.screenshot(path=str(Path(SHOTS) / "visits-panel-375.png"))


@pytest.mark.rule("VISIT-7")
def test_the_doctors_board_shows_a_reps_overdue_visit(live_db, live_server, browser):
    default_rules_ensure(VisitRule)
    rep = UserFactory(username="lina", last_name="李", first_name="娜", roles=[roles.REP])
    UserFactory(username="chenyi", last_name="陈", first_name="医生", roles=[roles.SERVICE_DOCTOR])
    late = VisitTaskFactory(
        customer=CustomerFactory(name="赵德明", owner=rep),
        assignee=rep,
        due_on=timezone.localdate() - dt.timedelta(days=3),
        purpose="了解使用效果",
    )

    for viewport, name in ((PHONE, "375"), (DESKTOP, "1280")):
        page = open_as(browser, live_server, "chenyi", viewport=viewport)
        page.goto(f"{live_server.url}/visits/board/")
        row = page.locator(f"tr[data-rep='{rep.pk}']")
        assert "李娜" in row.inner_text()
        assert row.locator("[data-overdue]").inner_text().strip() == "1"
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        shoot(page, f"board-{name}")
        row.locator("a").click()
        page.wait_for_load_state()
        assert "赵德明" in page.content()
        assert page.locator(f"li[data-task='{late.pk}'] [data-overdue]").count() == 1
        shoot(page, f"board-person-{name}")
    assert VisitTask.objects.get(pk=late.pk).status == TaskStatus.OPEN
