"""Tiers (DEAL-2), credit (DEAL-3) and credit reviews (DEAL-4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from crm.models import RuleParameter
from crm.parameters import param_forget
from deals import services
from deals.models import CreditGrade, CreditReview, CustomerTier, Tier
from deals.templatetags.deals import tier_reason
from tests.customers.factories import CustomerFactory
from tests.deals.factories import make_deal, pay_confirmed

pytestmark = pytest.mark.usefixtures("frozen_now")
TODAY = dt.date(2026, 11, 23)


def tier_of(customer) -> CustomerTier:
    return CustomerTier.objects.get(customer=customer)


@pytest.mark.rule("DEAL-2")
@pytest.mark.parametrize(
    ("amount", "tier"),
    [
        ("29999.99", Tier.C),
        ("30000.00", Tier.B),
        ("49999.99", Tier.B),
        ("50000.00", Tier.A),
        ("99999.99", Tier.A),
        ("100000.00", Tier.SPECIAL_VIP),
    ],
)
def test_the_tier_follows_the_confirmed_amount_at_its_edges(
    amount, tier, customer, seller, finance
):
    deal = make_deal(customer=customer, rep=seller, total=amount)
    pay_confirmed(deal=deal, amount=amount, finance=finance)
    assert tier_of(customer).tier == tier


@pytest.mark.rule("DEAL-2")
def test_payments_on_the_window_edge_count_only_inside_the_12_months(customer, seller, finance):
    deal = make_deal(customer=customer, rep=seller, total="60000")
    pay_confirmed(deal=deal, amount="25000", received_on=dt.date(2025, 11, 24), finance=finance)
    pay_confirmed(deal=deal, amount="25000", received_on=dt.date(2025, 11, 23), finance=finance)
    row = tier_of(customer)
    assert row.window_start == dt.date(2025, 11, 24)
    assert row.confirmed_total == Decimal("25000.00")
    assert row.tier == Tier.C

    pay_confirmed(deal=deal, amount="5000", received_on=TODAY, finance=finance)
    assert tier_of(customer).tier == Tier.B


@pytest.mark.rule("DEAL-2")
def test_long_term_cooperation_makes_vip_and_without_it_special_vip(seller, finance):
    loyal, new = CustomerFactory(owner=seller), CustomerFactory(owner=seller)
    deal = make_deal(customer=loyal, rep=seller, total="120000")
    for month in range(6, 12):
        pay_confirmed(
            deal=deal, amount="20000", received_on=dt.date(2026, month, 15), finance=finance
        )
    big = make_deal(customer=new, rep=seller, total="120000")
    for month in range(7, 12):
        pay_confirmed(
            deal=big, amount="24000", received_on=dt.date(2026, month, 15), finance=finance
        )
    assert tier_of(loyal).tier == Tier.VIP
    assert tier_of(loyal).active_months == 6
    assert tier_of(new).tier == Tier.SPECIAL_VIP
    assert "5" in tier_reason(tier_of(new))


@pytest.mark.rule("DEAL-2")
def test_the_tier_says_why_with_its_rule_and_parameters(customer, seller, finance):
    deal = make_deal(customer=customer, rep=seller, total="62000")
    pay_confirmed(deal=deal, amount="62000", finance=finance)
    row = tier_of(customer)
    assert row.rule == "DEAL-2"
    assert row.params["a_min"] == "50000"
    assert row.params["window_months"] == 12
    # Worded when read, in the reader's language (WORK-4); outside a request that is the
    # default language unless the test says otherwise.
    with translation.override("en"):
        text = tier_reason(row)
    assert "¥62,000.00 confirmed in the 12 months to 23 Nov 2026" in text
    with translation.override("zh-hans"):
        assert "2026年11月23日" in tier_reason(row)


@pytest.mark.rule("DEAL-2")
def test_a_changed_threshold_applies_at_the_next_recompute(customer, seller, finance):
    deal = make_deal(customer=customer, rep=seller, total="40000")
    pay_confirmed(deal=deal, amount="40000", finance=finance)
    assert tier_of(customer).tier == Tier.B
    RuleParameter.objects.create(key="deal.tier_a_min", value="40000")
    param_forget("deal.tier_a_min")
    services.tiers_recompute(today=TODAY)
    assert tier_of(customer).tier == Tier.A
    assert tier_of(customer).params["a_min"] == "40000"


@pytest.mark.rule("DEAL-2")
def test_recomputing_twice_changes_nothing(seller, finance, django_assert_max_num_queries):
    for amount in ("10000", "35000", "70000"):
        customer = CustomerFactory(owner=seller)
        pay_confirmed(
            deal=make_deal(customer=customer, rep=seller, total=amount),
            amount=amount,
            finance=finance,
        )
    CustomerTier.objects.all().delete()
    assert services.tiers_recompute(today=TODAY) == 3
    history = CustomerTier.history.count()
    with django_assert_max_num_queries(8):
        assert services.tiers_recompute(today=TODAY) == 0
    assert CustomerTier.history.count() == history


@pytest.mark.rule("DEAL-3")
def test_overdue_receivables_make_credit_poor_and_cap_the_tier_at_c(customer, seller, finance):
    old = make_deal(
        customer=customer,
        rep=seller,
        total="30000",
        now=timezone.now() - dt.timedelta(days=31),
    )
    paid = make_deal(customer=customer, rep=seller, total="60000")
    pay_confirmed(deal=paid, amount="60000", finance=finance)
    row = tier_of(customer)
    assert row.overdue_amount == Decimal("30000.00")
    assert row.grade == CreditGrade.POOR
    assert row.tier == Tier.C
    assert row.rule == "DEAL-3"
    with translation.override("en"):
        assert "capped at C: credit is not good" in tier_reason(row)
    with translation.override("zh-hans"):
        assert "信用等级非良好，最高为C类" in tier_reason(row)

    pay_confirmed(deal=old, amount="30000", finance=finance)
    row = tier_of(customer)
    assert row.grade == CreditGrade.GOOD
    assert row.tier == Tier.A  # 90,000 confirmed


@pytest.mark.rule("DEAL-3")
def test_a_deal_within_the_due_days_is_not_overdue(customer, seller, finance):
    make_deal(
        customer=customer, rep=seller, total="30000", now=timezone.now() - dt.timedelta(days=29)
    )
    services.tiers_recompute(customer_ids=[customer.pk], today=TODAY)
    assert tier_of(customer).grade == CreditGrade.GOOD


@pytest.mark.rule("DEAL-3")
def test_a_managers_override_is_recorded_and_caps_the_tier(customer, seller, finance, manager):
    pay_confirmed(
        deal=make_deal(customer=customer, rep=seller, total="60000"),
        amount="60000",
        finance=finance,
    )
    row = services.credit_override(
        customer=customer,
        grade=CreditGrade.WATCH,
        reason="拖欠供应商",
        by=manager,
        now=timezone.now(),
    )
    assert row.grade == CreditGrade.WATCH
    assert row.computed_grade == CreditGrade.GOOD
    assert row.override_by == manager
    assert row.tier == Tier.C
    assert row.history.filter(override_grade=CreditGrade.WATCH).exists()


@pytest.mark.rule("DEAL-3")
def test_overriding_credit_needs_the_permission(client_for, customer, seller):
    url = reverse("deals:credit_override", args=[customer.pk])
    assert client_for(seller).get(url).status_code == 403


@pytest.mark.rule("DEAL-4")
def test_the_next_review_is_90_days_for_a_and_180_for_c(seller, finance, manager):
    big, small = CustomerFactory(owner=seller), CustomerFactory(owner=seller)
    pay_confirmed(
        deal=make_deal(customer=big, rep=seller, total="50000"), amount="50000", finance=finance
    )
    pay_confirmed(
        deal=make_deal(customer=small, rep=seller, total="500"), amount="500", finance=finance
    )
    assert tier_of(big).next_review_on == TODAY + dt.timedelta(days=90)
    assert tier_of(small).next_review_on == TODAY + dt.timedelta(days=180)


@pytest.mark.rule("DEAL-4")
def test_a_customer_reaching_a_through_several_payments_gets_the_90_day_review(
    seller, finance, manager
):
    customer = CustomerFactory(owner=seller)
    deal = make_deal(customer=customer, rep=seller, total="60000")
    pay_confirmed(deal=deal, amount="10000", finance=finance)
    assert tier_of(customer).tier == Tier.C
    assert tier_of(customer).next_review_on == TODAY + dt.timedelta(days=180)
    pay_confirmed(deal=deal, amount="45000", finance=finance)
    assert tier_of(customer).tier == Tier.A
    assert tier_of(customer).next_review_on == TODAY + dt.timedelta(days=90)


@pytest.mark.rule("DEAL-4")
def test_recording_a_review_moves_the_next_review_date(customer, seller, finance, manager):
    pay_confirmed(
        deal=make_deal(customer=customer, rep=seller, total="50000"),
        amount="50000",
        finance=finance,
    )
    later = timezone.now() + dt.timedelta(days=95)
    with time_machine.travel(later, tick=False):
        review = services.credit_review_record(
            customer=customer,
            grade=CreditGrade.GOOD,
            note="拜访，经营正常",
            by=manager,
            now=later,
        )
    day = timezone.localdate(later)
    assert review.next_review_on == day + dt.timedelta(days=90)
    row = tier_of(customer)
    assert row.last_review_on == day
    assert row.next_review_on == day + dt.timedelta(days=90)
    assert not row.override_grade  # the grade was confirmed, not changed


@pytest.mark.rule("DEAL-4")
def test_managers_see_the_reviews_due_in_few_queries(
    client_for, seller, finance, manager, django_assert_max_num_queries
):
    customers = [CustomerFactory(owner=seller, name=f"客户{i}") for i in range(6)]
    for c in customers:
        pay_confirmed(
            deal=make_deal(customer=c, rep=seller, total="100"), amount="100", finance=finance
        )
    CustomerTier.objects.filter(customer__in=customers[:5]).update(next_review_on=TODAY)
    client = client_for(manager)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("deals:credit_reviews"))
    body = response.content.decode()
    assert sum(f"客户{i}" in body for i in range(6)) == 5

    response = client.post(
        reverse("deals:credit_review_new", args=[customers[0].pk]),
        {"grade": "good", "note": "上门拜访"},
    )
    assert response.status_code == 302
    assert CreditReview.objects.get().reviewed_by == manager
    assert tier_of(customers[0]).next_review_on == TODAY + dt.timedelta(days=180)


@pytest.mark.rule("DEAL-4")
def test_a_review_without_a_note_is_refused_next_to_the_field(client_for, customer, manager):
    response = client_for(manager).post(
        reverse("deals:credit_review_new", args=[customer.pk]), {"grade": "good", "note": ""}
    )
    assert response.status_code == 200
    assert "note" in response.context["form"].errors
    assert not CreditReview.objects.exists()


def test_the_nightly_task_recomputes_every_customer(customer, seller, finance):
    from deals.tasks import tiers_nightly

    pay_confirmed(
        deal=make_deal(customer=customer, rep=seller, total="100"), amount="100", finance=finance
    )
    CustomerTier.objects.update(tier=Tier.A)
    assert tiers_nightly() == 1
    assert tier_of(customer).tier == Tier.C


@pytest.mark.rule("DEAL-3")
def test_a_manager_overrides_the_grade_on_the_page_and_the_customer_page_says_so(
    client_for, customer, seller, finance, manager
):
    pay_confirmed(
        deal=make_deal(customer=customer, rep=seller, total="60000"),
        amount="60000",
        finance=finance,
    )
    client = client_for(manager)
    url = reverse("deals:credit_override", args=[customer.pk])
    response = client.post(url, {"grade": "poor", "reason": ""})
    assert "reason" in response.context["form"].errors
    assert tier_of(customer).override_grade == ""

    response = client.post(url, {"grade": "poor", "reason": "法院执行<script>"})
    assert response.status_code == 302
    assert tier_of(customer).tier == Tier.C
    page = reverse("customers:customer_detail", args=[customer.pk])
    body = client.get(page, {"tab": "deals"}).content.decode()  # WORK-1: the deals tab
    assert "法院执行&lt;script&gt;" in body
