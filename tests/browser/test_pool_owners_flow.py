"""The pool's owners and managers in the browser (issue 12, "Done when"): a rep claims five
customers in one step and protects one on a phone, and sees the days left; a manager sees
a flagged pair of reps and rules on a collision at a desk. SCREENSHOT_DIR=… keeps the PNGs."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone

from crm import roles
from pools.models import Ownership, OwnershipReason, Protection, Ruling, RulingStatus
from pools.services import ownership_set, pool_claim, pool_release
from tests.customers.factories import CustomerFactory
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
NOTE = {"status": "有意向", "contact_details": "周二上午电话", "progress": "已报价"}


def open_as(browser, live_server, username, *, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].button-primary")
    page.wait_for_url(f"{live_server.url}/")
    return page


def shot(page, name):
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


@pytest.mark.rule("POOL-13", "POOL-14", "POOL-11", "POOL-12")
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desk"])
def test_a_rep_claims_five_in_one_step_protects_one_and_sees_days_left(
    live_db, live_server, browser, viewport
):
    rep = UserFactory(username="zhangwei", last_name="张", first_name="伟", roles=[roles.REP])
    pool = [
        CustomerFactory(name=f"池客户{i}", phone=f"1380013800{i}", address="北京市朝阳区建国路88号")
        for i in range(6)
    ]
    old = CustomerFactory(name="快到期客户")
    ownership_set(
        customer=old,
        owner=rep,
        reason=OwnershipReason.FIRST_CONTACT,
        now=timezone.now() - dt.timedelta(days=59),
    )
    page = open_as(browser, live_server, "zhangwei", viewport=viewport)
    page.goto(f"{live_server.url}/pool/")
    assert "13800138000" not in page.content()  # masked (POOL-12)
    assert "138****8000" in page.content()
    for customer in pool[:5]:
        page.check(f"input[name=ids][value='{customer.pk}']")
    shot(page, f"pool-selected-{viewport['width']}")
    page.click("#pool-bulk button[type=submit]")
    page.wait_for_url("**/customers/**")
    assert Ownership.objects.filter(owner=rep).count() == 6
    content = page.content()
    assert "剩余天数" in content
    assert page.locator(".days-left.is-soon").count() == 1  # 快到期客户, 1–2 days left
    first_row = page.locator("table.customer-table tbody tr").first.inner_text()
    assert "快到期客户" in first_row
    shot(page, f"customers-days-left-{viewport['width']}")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    page.goto(f"{live_server.url}/customers/{old.pk}/")
    assert "归属最后一天" in page.content()
    page.fill("#protect-days", "10")
    page.click("form.pool-protect button[type=submit]")
    page.wait_for_load_state()
    assert "已锁定" in page.content()
    assert Protection.objects.filter(customer=old, ended_at__isnull=True).exists()
    shot(page, f"customer-protected-{viewport['width']}")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.rule("POOL-16", "POOL-17")
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desk"])
def test_a_manager_sees_a_flagged_pair_and_reverses_a_collision(
    live_db, live_server, browser, viewport
):
    giver = UserFactory(username="zhangwei", last_name="张", first_name="伟", roles=[roles.REP])
    taker = UserFactory(username="chenqiang", last_name="陈", first_name="强", roles=[roles.REP])
    UserFactory(username="manager", last_name="李", first_name="娜", roles=[roles.SALES_MANAGER])
    now = timezone.now()
    for i in range(3):
        at = now - dt.timedelta(days=30 - 5 * i)
        customer = CustomerFactory(name=f"转手客户{i}")
        ownership_set(customer=customer, owner=giver, reason=OwnershipReason.FIRST_CONTACT, now=at)
        pool_release(customer=customer, user=giver, now=at + dt.timedelta(hours=1), **NOTE)
        pool_claim(customer=customer, user=taker, now=at + dt.timedelta(days=1))
    disputed = CustomerFactory(name="王秀英")
    ownership_set(customer=disputed, owner=giver, reason=OwnershipReason.FIRST_CONTACT, now=now)
    ownership_set(customer=disputed, owner=taker, reason=OwnershipReason.FIRST_DEAL, now=now)

    page = open_as(browser, live_server, "manager", viewport=viewport)
    page.goto(f"{live_server.url}/pool/flagged/")
    row = page.locator(f"tr[data-pair='{giver.pk}-{taker.pk}']")
    assert "3" in row.inner_text()
    row.locator("summary").click()
    assert "转手客户0" in row.inner_text()
    shot(page, f"flagged-{viewport['width']}")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    page.goto(f"{live_server.url}/pool/rulings/")
    assert "王秀英" in page.content()
    page.click("text=裁定 >> nth=-1")
    page.check("input[name=decision][value=reverse]")
    page.fill("#id_reason", "张伟先接触，首单归属有误")
    shot(page, f"ruling-{viewport['width']}")
    page.click("form button[type=submit].button-primary")
    page.wait_for_url("**/pool/rulings/")
    assert Ruling.objects.get(customer=disputed).status == RulingStatus.REVERSED
    assert Ownership.objects.get(customer=disputed).owner == giver
    page.goto(f"{live_server.url}/customers/{disputed.pk}/")
    assert "已撤销" in page.content()
    shot(page, f"customer-ruling-{viewport['width']}")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
