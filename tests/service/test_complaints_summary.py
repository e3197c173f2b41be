"""The month's complaints summarised (SVC-3): counts, compensation, days to close, the list."""

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
from django.urls import reverse

from service.models import ComplaintCause, QualityResult
from service.selectors.complaints import complaint_summary
from service.services import complaints as services
from tests.service.factories import (
    person_complaint,
    product_complaint,
    settle_product_complaint,
)

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NOVEMBER = dt.date(2026, 11, 1)


@pytest.fixture
def month_of_complaints(rep, service_manager, finance, frozen_now):
    """November 2026: two product complaints (one closed in 4 days with ¥500), a person
    complaint, and one from the last evening of October (Shanghai) that is not November's."""
    start = dt.datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI)
    settled = product_complaint(by=rep, now=start, product="家用理疗仪")
    settle_product_complaint(
        settled,
        tester=service_manager,
        finance=finance,
        production=service_manager,
        closer=service_manager,
        now=start + dt.timedelta(days=4),
        amount="500.00",
    )
    open_one = product_complaint(by=rep, now=start + dt.timedelta(days=1), product="家用理疗仪")
    services.complaint_quality_test(
        complaint=open_one,
        by=service_manager,
        result=QualityResult.DEFECT,
        findings="坏",
        now=frozen_now,
    )
    services.complaint_compensate(
        complaint=open_one, by=finance, amount=Decimal("120.30"), note="", now=frozen_now
    )
    person_complaint(by=rep, now=start + dt.timedelta(days=2))
    product_complaint(
        by=rep, now=dt.datetime(2026, 10, 31, 23, 30, tzinfo=SHANGHAI), product="保健礼盒"
    )


@pytest.mark.rule("SVC-3")
def test_the_summary_counts_by_cause_state_and_product_with_compensation_and_days_to_close(
    month_of_complaints,
):
    summary = complaint_summary(month=NOVEMBER)
    assert summary["count"] == 3
    assert summary["closed"] == 1
    assert summary["compensated"] == 2
    assert summary["compensation"] == Decimal("620.30")
    assert summary["average_days"] == 4.0
    assert {row["label"]: row["count"] for row in summary["by_cause"]} == {
        ComplaintCause.PRODUCT.label: 2,
        ComplaintCause.PERSON.label: 1,
    }
    assert {row["state"]: row["count"] for row in summary["by_state"]} == {
        "closed": 1,
        "compensated": 1,
        "registered": 1,
    }
    assert summary["by_product"] == [
        {"product": "家用理疗仪", "count": 2, "compensation": Decimal("620.30")}
    ]


@pytest.mark.rule("SVC-3")
def test_a_month_is_counted_in_shanghai_time(month_of_complaints):
    october = complaint_summary(month=dt.date(2026, 10, 1))
    assert october["count"] == 1
    assert october["by_product"][0]["product"] == "保健礼盒"
    assert october["average_days"] is None


@pytest.mark.rule("SVC-3")
def test_the_summary_page_shows_the_figures_and_the_list_in_few_queries(
    month_of_complaints, client_for, service_manager, django_assert_max_num_queries
):
    client = client_for(service_manager)
    url = reverse("service:complaint_summary")
    client.get(url, {"month": "2026-11"})
    with django_assert_max_num_queries(14):
        response = client.get(url, {"month": "2026-11"})
    body = response.content.decode()
    assert "¥620.30" in body
    assert "4.0" in body
    assert 'data-product="家用理疗仪"' in body
    assert body.count('<a href="/service/complaints/') >= 3
    assert "保健礼盒" not in body
    assert "?month=2026-10" in body
    assert "?month=2026-12" in body


def test_a_bad_month_shows_this_month(client_for, service_manager, frozen_now):
    response = client_for(service_manager).get(
        reverse("service:complaint_summary"), {"month": "2026-13"}
    )
    assert response.context["summary"]["month"] == NOVEMBER


def test_finance_sees_the_summary_a_rep_does_not(client_for, rep, finance):
    url = reverse("service:complaint_summary")
    assert client_for(finance).get(url).status_code == 200
    assert client_for(rep).get(url).status_code == 403
