"""REPORT-1: the daily report (today's visits, new customers, deals and a note), reviewed by
the supervisor; monthly targets set by a supervisor or manager, and progress against them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from crm.models import Notification
from planning import services
from planning.models import DailyReport, MonthlyTarget, ReportStatus
from planning.selectors import targets_progress
from tests.conftest import CURRENT_TIME
from tests.planning.factories import confirmed_sale, owned, visit_record

pytestmark = pytest.mark.django_db

TODAY = CURRENT_TIME.date()
MONTH = dt.date(2026, 11, 1)
TZ = CURRENT_TIME.tzinfo


def at(day: int, hour: int = 10, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=TZ)


# The daily report -------------------------------------------------------------------


@pytest.mark.rule("REPORT-1")
def test_todays_report_shows_todays_visits_new_customers_and_deals(
    client_for, rep, finance, org, frozen_now
):
    new = owned(rep=rep, at=at(23, 8), name="今天的新客户")
    old = owned(rep=rep, at=at(2), name="老客户")
    confirmed_sale(customer=old, rep=rep, amount="2600.00", at=at(23, 9), finance=finance)
    confirmed_sale(customer=old, rep=rep, amount="100.00", at=at(22, 9), finance=finance)
    visit_record(customer=new, author=rep, at=at(23, 8))
    visit_record(customer=old, author=rep, at=at(22, 16))  # yesterday

    client = client_for(rep)
    start = client.get(reverse("planning:daily_day", args=["today"]))
    assert start.status_code == 200
    response = client.post(reverse("planning:daily_day", args=["today"]))
    report = DailyReport.objects.get()
    assert report.day == TODAY
    page = client.get(response["Location"])
    figures = page.context["figures"]
    assert (figures.deals_count, figures.confirmed_amount) == (1, Decimal("2600.00"))
    assert (figures.new_customers_count, figures.visits_count) == (1, 1)
    assert "今天的新客户" in page.content.decode()


@pytest.mark.rule("REPORT-1")
def test_the_rep_adds_a_note_and_submits_and_the_note_is_required(client_for, rep, org, frozen_now):
    report = services.daily_report_open(rep=rep, day=TODAY, now=frozen_now)
    url = reverse("planning:daily_detail", args=[report.pk])
    client = client_for(rep)
    response = client.post(url, {"note": "  ", "submit": "1"})
    assert response.context["form"].errors["note"]
    client.post(url, {"note": "上午电话回访三位，下午上门一位。", "submit": "1"})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.visits_count == 0
    assert report.note == "上午电话回访三位，下午上门一位。"


@pytest.mark.rule("REPORT-1")
def test_the_supervisor_comments_on_a_daily_report(client_for, rep, supervisor, org, frozen_now):
    report = services.daily_report_open(rep=rep, day=TODAY, now=frozen_now)
    services.daily_report_save(report=report, by=rep, now=frozen_now, note="今天顺利", submit=True)
    client = client_for(supervisor)
    queue = client.get(reverse("planning:review_queue"), {"tab": "daily"})
    assert [r.pk for r in queue.context["page"].object_list] == [report.pk]
    client.post(reverse("planning:daily_review", args=[report.pk]), {"guidance": "明天跟进王阿姨"})
    report.refresh_from_db()
    assert report.status == ReportStatus.REVIEWED
    assert report.guidance == "明天跟进王阿姨"
    assert Notification.objects.filter(user=rep, rule="REPORT-1").exists()
    assert (
        not client.get(reverse("planning:review_queue"), {"tab": "daily"})
        .context["page"]
        .object_list
    )


@pytest.mark.rule("REPORT-1")
def test_a_future_day_is_not_reported(client_for, rep, org, frozen_now):
    assert (
        client_for(rep).get(reverse("planning:daily_day", args=["2026-11-24"])).status_code == 404
    )


# Monthly targets --------------------------------------------------------------------


@pytest.mark.rule("REPORT-1")
def test_a_supervisor_sets_a_team_reps_monthly_targets(
    client_for, rep, supervisor, org, frozen_now
):
    url = reverse("planning:target_set", args=[rep.pk, "2026-11"])
    client = client_for(supervisor)
    response = client.post(url, {"new_customers": "-1", "sales_amount": "50000", "visits": "40"})
    assert response.context["form"].errors["new_customers"]
    assert not MonthlyTarget.objects.exists()
    client.post(url, {"new_customers": "8", "sales_amount": "50000.00", "visits": "40"})
    target = MonthlyTarget.objects.get()
    assert (target.rep, target.month, target.set_by) == (rep, MONTH, supervisor)
    assert (target.new_customers, target.sales_amount, target.visits) == (8, Decimal("50000"), 40)
    client.post(url, {"new_customers": "10", "sales_amount": "60000", "visits": "40"})
    target.refresh_from_db()
    assert target.new_customers == 10
    assert MonthlyTarget.objects.count() == 1
    assert target.history.count() == 2


@pytest.mark.rule("REPORT-1")
def test_targets_are_set_only_for_reps_in_scope_and_never_by_a_rep(
    client_for, rep, rep2, supervisor, org, frozen_now
):
    assert (
        client_for(supervisor)
        .get(reverse("planning:target_set", args=[rep2.pk, "2026-11"]))
        .status_code
        == 404
    )
    assert (
        client_for(rep).get(reverse("planning:target_set", args=[rep.pk, "2026-11"])).status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        services.target_set(
            rep=rep2,
            month=MONTH,
            values=services.TargetInput(1, Decimal("1"), 1),
            by=supervisor,
            now=frozen_now,
        )


@pytest.mark.rule("REPORT-1", "DEAL-1")
def test_progress_counts_the_months_new_customers_confirmed_sales_and_visits(
    client_for, rep, supervisor, finance, org, frozen_now
):
    services.target_set(
        rep=rep,
        month=MONTH,
        values=services.TargetInput(4, Decimal("20000"), 10),
        by=supervisor,
        now=frozen_now,
    )
    customer = owned(rep=rep, at=at(3))
    owned(rep=rep, at=at(30, month=10))  # October
    confirmed_sale(customer=customer, rep=rep, amount="5000.00", at=at(10), finance=finance)
    for day in (4, 5, 6):
        visit_record(customer=customer, author=rep, at=at(day))

    [row] = targets_progress(reps=[rep], month=MONTH, today=TODAY)
    assert (row.new_customers.actual, row.new_customers.percent) == (1, 25)
    assert (row.sales.actual, row.sales.percent) == (Decimal("5000.00"), 25)
    assert (row.visits.actual, row.visits.percent) == (3, 30)

    page = client_for(rep).get(reverse("planning:targets")).content.decode()
    assert "¥5,000.00 / ¥20,000.00" in page
    sup_page = client_for(supervisor).get(reverse("planning:targets"))
    assert [r.rep for r in sup_page.context["rows"]] == [rep]
    assert "Change the targets" in sup_page.content.decode()


@pytest.mark.rule("REPORT-1")
def test_a_rep_sees_only_their_own_progress(client_for, rep, rep2, org, frozen_now):
    rows = client_for(rep).get(reverse("planning:targets")).context["rows"]
    assert [r.rep for r in rows] == [rep]
    assert not rows[0].target
