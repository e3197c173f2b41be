"""The weekly revisit schedule in the browser (VISIT-9), as its users do it.

A rep on a phone starts next week's schedule, adds a visit and submits it; the sales
manager at a desk returns it with a comment; the rep reads the comment, revises and submits
again; the manager approves it.
"""

import pytest

from crm import roles
from planning.models import PlanAction, PlanStatus, WeeklyPlan
from pools.models import OwnershipReason
from pools.services import ownership_set
from tests.customers.factories import CustomerFactory
from tests.factories import PASSWORD, TeamFactory, UserFactory

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def open_as(browser, live_server, username, *, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit].button-primary")
    page.wait_for_url(f"{live_server.url}/")
    return page


def fits(page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.rule("VISIT-9")
def test_a_weekly_schedule_goes_to_the_manager_and_back_until_approved(
    live_db, live_server, browser
):
    from django.utils import timezone

    rep = UserFactory(username="zhangwei", last_name="张", first_name="伟", roles=[roles.REP])
    manager = UserFactory(
        username="liuyang", last_name="刘", first_name="洋", roles=[roles.SALES_MANAGER]
    )
    department = TeamFactory(name="销售部", leader=manager)
    team = TeamFactory(name="销售一组", parent=department)
    rep.staff.team = team
    rep.staff.save()
    now = timezone.now()
    for name in ("王秀英", "李桂兰"):
        ownership_set(
            customer=CustomerFactory(name=name),
            owner=rep,
            reason=OwnershipReason.FIRST_CONTACT,
            now=now,
        )

    # The rep starts next week's schedule from the phone and plans a call.
    phone = open_as(browser, live_server, "zhangwei", viewport=PHONE)
    phone.goto(f"{live_server.url}/planning/")
    phone.click("[data-card=next-plan] form button[type=submit]")
    phone.wait_for_load_state()
    phone.click("a[href$='/entries/new/']")
    phone.wait_for_load_state()
    phone.select_option("#id_customer", index=1)
    phone.select_option("#id_planned_on", index=1)
    phone.select_option("#id_method", "phone")
    phone.fill("#id_purpose", "询问产品使用情况")
    phone.click("form[method=post] button.button-primary")
    phone.wait_for_load_state()
    assert fits(phone, 375)
    phone.click("form[action$='/submit/'] button")
    phone.wait_for_load_state()
    plan = WeeklyPlan.objects.get()
    assert plan.status == PlanStatus.SUBMITTED
    assert plan.reviewer == manager
    assert fits(phone, 375)

    # The manager finds it in the review queue and returns it with a comment.
    desk = open_as(browser, live_server, "liuyang", viewport=DESKTOP)
    desk.goto(f"{live_server.url}/planning/review/")
    desk.click(f"a[href='/planning/plans/{plan.pk}/']")
    desk.wait_for_load_state()
    desk.fill("#id_comment", "请给李桂兰安排一次上门。")
    desk.click("button[name=decision][value=return]")
    desk.wait_for_load_state()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED

    # The rep reads why, adds the home visit and submits again.
    phone.goto(f"{live_server.url}/planning/plans/{plan.pk}/")
    assert "请给李桂兰安排一次上门。" in phone.locator("[data-returned]").inner_text()
    phone.click("a[href$='/entries/new/']")
    phone.wait_for_load_state()
    phone.fill("#id_q", "李桂兰")
    phone.click("form[role=search] button")
    phone.wait_for_load_state()
    phone.select_option("#id_customer", index=1)
    phone.select_option("#id_planned_on", index=2)
    phone.select_option("#id_method", "home")
    phone.fill("#id_purpose", "上门讲解用法")
    phone.click("form[method=post] button.button-primary")
    phone.wait_for_load_state()
    phone.click("form[action$='/submit/'] button")
    phone.wait_for_load_state()
    assert fits(phone, 375)

    # The manager approves the revised schedule.
    desk.goto(f"{live_server.url}/planning/plans/{plan.pk}/")
    assert "李桂兰" in desk.locator("main").inner_text()
    desk.click("button[name=decision][value=approve]")
    desk.wait_for_load_state()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.entries.count() == 2
    assert list(plan.events.values_list("action", flat=True)) == [
        PlanAction.SUBMITTED,
        PlanAction.RETURNED,
        PlanAction.RESUBMITTED,
        PlanAction.APPROVED,
    ]
    phone.goto(f"{live_server.url}/planning/plans/{plan.pk}/")
    assert phone.locator(".tag-ok").count() >= 1
