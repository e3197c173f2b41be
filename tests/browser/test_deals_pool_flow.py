"""Deals and the pool in the browser, as their users do it.

Finance confirms a payment and the customer's page shows the new tier and owner at once;
a rep claims a customer from the pool on a phone and releases another with a note.
"""

from decimal import Decimal

import pytest
from django.utils import timezone

from crm import roles
from deals import services as deals
from deals.models import PaymentMethod
from pools.models import Ownership, ReleaseNote
from tests.customers.factories import CustomerFactory
from tests.factories import PASSWORD, UserFactory
from tests.second_factor import pass_second_step

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
    pass_second_step(page, live_server)  # SEC-5: the general manager and finance
    page.wait_for_url(f"{live_server.url}/")
    return page


@pytest.mark.rule("DEAL-1", "DEAL-2", "POOL-2")
def test_finance_confirms_a_payment_and_the_tier_and_owner_change_at_once(
    live_db, live_server, browser
):
    first = UserFactory(username="zhangwei", last_name="张", first_name="伟", roles=[roles.REP])
    closer = UserFactory(username="lina", last_name="李", first_name="娜", roles=[roles.REP])
    UserFactory(username="caiwu", roles=[roles.FINANCE])
    customer = CustomerFactory(name="王秀英", owner=first)
    now = timezone.now()
    deal = deals.deal_create(
        customer=customer,
        rep=closer,
        by=closer,
        lines=[deals.LineInput("家用理疗仪", 1, Decimal("60000.00"))],
        now=now,
    )
    deals.payment_record(
        deal=deal,
        amount=Decimal("60000.00"),
        received_on=timezone.localdate(now),
        method=PaymentMethod.TRANSFER,
        by=closer,
        now=now,
    )

    finance = open_as(browser, live_server, "caiwu", viewport=DESKTOP)
    finance.goto(f"{live_server.url}/deals/payments/")
    assert "王秀英" in finance.content()
    finance.locator("form.inline button[type=submit].button-primary").first.click()
    finance.wait_for_load_state()
    assert "暂无" in finance.content() or "王秀英" not in finance.content()

    # The new owner (first deal, POOL-2) sees it on a phone with its tier (A: 50,000+).
    phone = open_as(browser, live_server, "lina", viewport=PHONE)
    phone.goto(f"{live_server.url}/customers/{customer.pk}/")
    owner = phone.locator("[data-field=owner]").first.inner_text()
    assert "李娜" in owner
    phone.click("a[data-tab=deals]")  # WORK-1: the tier is on the deals tab
    phone.wait_for_selector(".tab-panel[data-panel=deals]")
    assert "A类" in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert Ownership.objects.get(customer=customer).owner == closer


@pytest.mark.rule("POOL-5", "POOL-6")
def test_a_rep_claims_from_the_pool_and_releases_with_a_note_on_a_phone(
    live_db, live_server, browser
):
    rep = UserFactory(username="zhangwei", last_name="张", first_name="伟", roles=[roles.REP])
    pooled = CustomerFactory(name="吴秀兰", owner=None)
    mine = CustomerFactory(name="赵德明", owner=rep)

    phone = open_as(browser, live_server, "zhangwei", viewport=PHONE)
    phone.goto(f"{live_server.url}/pool/")
    assert "吴秀兰" in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.locator("form[action$='/claim/'] button[type=submit]").first.click()
    phone.wait_for_load_state()
    assert Ownership.objects.get(customer=pooled).owner == rep

    phone.goto(f"{live_server.url}/pool/{mine.pk}/release/")
    phone.locator("form.card button[type=submit].button-danger").click()
    phone.wait_for_load_state()
    # The note of POOL-6 is required: the phone's browser stops the empty form.
    assert phone.evaluate("document.querySelector('#id_status').validity.valueMissing")
    assert Ownership.objects.get(customer=mine).owner == rep

    phone.fill("#id_status", "有意向，等子女商量")
    phone.fill("#id_contact_details", "13900000009，下午方便")
    phone.fill("#id_progress", "介绍过理疗仪，报价已给")
    phone.locator("form.card button[type=submit].button-danger").click()
    phone.wait_for_load_state()
    assert Ownership.objects.get(customer=mine).owner is None
    note = ReleaseNote.objects.get(customer=mine)
    assert "子女商量" in note.status
    assert note.rule == "POOL-6"
