"""The Monday weekly report (VISIT-10): compiled from last week's confirmed deals, new
customers and visit records; completed and submitted by the rep; the supervisor reviews the
visit register and writes guidance. The Monday job drafts every rep's report at once."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from crm.models import Notification, StaffStatus
from deals import services as deals_services
from planning import services
from planning.models import ReportStatus, WeeklyReport
from planning.selectors import report_figures
from planning.tasks import weekly_reports_monday
from pools.models import OwnershipReason
from pools.services import ownership_set
from tests.conftest import CURRENT_TIME
from tests.planning.factories import (
    confirmed_sale,
    make_payment,
    owned,
    visit_record,
)

pytestmark = pytest.mark.django_db

LAST_WEEK = dt.date(2026, 11, 16)
TZ = CURRENT_TIME.tzinfo


def at(day: int, hour: int = 10) -> dt.datetime:
    """A moment of November 2026 in Shanghai."""
    return dt.datetime(2026, 11, day, hour, tzinfo=TZ)


@pytest.fixture
def week_of_work(rep, rep2, finance, org):
    """Last week (16–22 Nov) of the rep, with things just outside it and of another rep."""
    old = owned(rep=rep, at=at(1), name="老客户")
    gained = owned(rep=rep, at=at(17), name="新客户甲")
    claimed = owned(rep=rep2, at=at(1), name="转来的客户")
    ownership_set(customer=claimed, owner=rep, reason=OwnershipReason.TRANSFER, now=at(20))
    owned(rep=rep, at=at(23, 9), name="本周客户")  # this week, not last
    owned(rep=rep2, at=at(18), name="别人的新客户")
    confirmed_sale(customer=old, rep=rep, amount="12000.00", at=at(18), finance=finance)
    confirmed_sale(customer=gained, rep=rep, amount="3000.50", at=at(22, 23), finance=finance)
    confirmed_sale(customer=old, rep=rep, amount="999.00", at=at(15), finance=finance)  # before
    confirmed_sale(customer=old, rep=rep2, amount="500.00", at=at(19), finance=finance)
    pending = deals_services.deal_create(
        customer=old,
        rep=rep,
        by=rep,
        lines=[deals_services.LineInput("产品", 1, Decimal("800"))],
        now=at(19),
    )
    make_payment(deal=pending, amount="800.00", now=at(19))  # not confirmed: does not count
    first = visit_record(customer=old, author=rep, at=at(17, 15), method="home")
    visit_record(customer=gained, author=rep, at=at(21, 11))
    visit_record(customer=old, author=rep, at=at(18), corrects=first)  # a correction
    visit_record(customer=old, author=rep, at=at(23, 9))  # this week
    visit_record(customer=claimed, author=rep2, at=at(18))
    return {"old": old, "gained": gained, "claimed": claimed}


@pytest.mark.rule("VISIT-10", "DEAL-1")
def test_the_report_compiles_last_weeks_confirmed_deals_new_customers_and_visits(
    client_for, rep, week_of_work, frozen_now
):
    report = services.weekly_report_open(rep=rep, week_start=LAST_WEEK, now=frozen_now)
    figures = report_figures(report=report)
    assert figures.deals_count == 2
    assert str(figures.confirmed_amount) == "15000.50"
    assert figures.new_customers_count == 2  # gained by first contact and by transfer
    assert figures.visits_count == 2  # the correction is not another visit

    page = client_for(rep).get(reverse("planning:report_detail", args=[report.pk]))
    content = page.content.decode()
    assert "¥15,000.50" in content
    for name in ("新客户甲", "转来的客户"):
        assert name in content
    assert "本周客户" not in content
    assert "别人的新客户" not in content
    register = list(page.context["register"].object_list)
    assert len(register) == 3
    assert [r.corrects_id is not None for r in register] == [False, True, False]
    assert "correction" in content


@pytest.mark.rule("VISIT-10", "DEAL-1")
def test_a_refund_takes_a_payment_out_of_a_draft_report(rep, finance, week_of_work, frozen_now):
    from deals.models import Payment

    report = services.weekly_report_open(rep=rep, week_start=LAST_WEEK, now=frozen_now)
    payment = Payment.objects.get(amount="12000.00")
    deals_services.payment_refund(payment_id=payment.pk, by=finance, now=frozen_now, reason="退货")
    assert str(report_figures(report=report).confirmed_amount) == "3000.50"


@pytest.mark.rule("VISIT-10")
def test_submitting_needs_a_summary_and_next_weeks_focus(client_for, rep, org, frozen_now):
    report = services.weekly_report_open(rep=rep, week_start=LAST_WEEK, now=frozen_now)
    response = client_for(rep).post(
        reverse("planning:report_detail", args=[report.pk]),
        {"summary": "", "problems": "", "next_focus": "", "submit": "1"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "summary" in errors
    assert "next_focus" in errors
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


@pytest.mark.rule("VISIT-10")
def test_a_submitted_report_keeps_its_figures_as_they_stood(
    client_for, rep, finance, week_of_work, frozen_now
):
    report = services.weekly_report_open(rep=rep, week_start=LAST_WEEK, now=frozen_now)
    client = client_for(rep)
    client.post(
        reverse("planning:report_detail", args=[report.pk]),
        {"summary": "成交两单", "problems": "", "next_focus": "回访新客户", "save": "1"},
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert report.summary == "成交两单"
    response = client.post(
        reverse("planning:report_detail", args=[report.pk]),
        {"summary": "成交两单", "problems": "无", "next_focus": "回访新客户", "submit": "1"},
        follow=True,
    )
    assert b"Your weekly report is submitted." in response.content
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert (report.deals_count, str(report.confirmed_amount)) == (2, "15000.50")
    assert (report.new_customers_count, report.visits_count) == (2, 2)
    assert not report.submitted_late
    # A payment confirmed later for last week's deal does not change what was handed in.
    confirmed_sale(
        customer=week_of_work["old"], rep=rep, amount="100.00", at=at(20), finance=finance
    )
    assert report_figures(report=report).deals_count == 2
    page = client.get(reverse("planning:report_detail", args=[report.pk]))
    assert sorted(row["confirmed"] for row in page.context["deals"]) == [
        Decimal("3000.50"),
        Decimal("12000.00"),
    ]
    assert "¥100.00" not in page.content.decode()
    with pytest.raises(ValidationError):
        services.weekly_report_save(
            report=report,
            by=rep,
            now=frozen_now,
            summary="x",
            problems="",
            next_focus="y",
            submit=False,
        )


@pytest.mark.rule("VISIT-10")
def test_a_report_submitted_after_monday_evening_is_recorded_as_late(rep, org):
    report = services.weekly_report_open(rep=rep, week_start=LAST_WEEK, now=CURRENT_TIME)
    report = services.weekly_report_save(
        report=report,
        by=rep,
        now=at(23, 18) + dt.timedelta(minutes=1),
        summary="总结",
        problems="",
        next_focus="重点",
        submit=True,
    )
    assert report.submitted_late
    assert report.lateness == {
        "VISIT-10": {
            "planning.report_deadline_weekday": 1,
            "planning.report_deadline_time": "18:00",
            "due": "2026-11-23 18:00",
            "submitted": "2026-11-23 18:01",
        }
    }


@pytest.mark.rule("VISIT-10")
def test_the_report_deadline_is_a_parameter(rep, org, set_param):
    set_param("planning.report_deadline_time", "12:00")
    report = services.weekly_report_open(rep=rep, week_start=LAST_WEEK, now=CURRENT_TIME)
    report = services.weekly_report_save(
        report=report,
        by=rep,
        now=at(23, 13),
        summary="s",
        problems="",
        next_focus="f",
        submit=True,
    )
    assert report.lateness["VISIT-10"]["due"] == "2026-11-23 12:00"


@pytest.mark.rule("VISIT-10")
def test_only_a_finished_week_is_reported(rep, org, frozen_now):
    with pytest.raises(ValidationError):
        services.weekly_report_open(rep=rep, week_start=dt.date(2026, 11, 23), now=frozen_now)


@pytest.mark.rule("VISIT-10")
def test_one_report_per_rep_and_week(rep, org, frozen_now):
    report = services.weekly_report_open(rep=rep, week_start=LAST_WEEK, now=frozen_now)
    assert services.weekly_report_open(rep=rep, week_start=LAST_WEEK, now=frozen_now) == report
    with pytest.raises(IntegrityError), transaction.atomic():
        WeeklyReport.objects.create(rep=rep, week_start=LAST_WEEK, created_at=frozen_now)


def submitted(rep, now=CURRENT_TIME):
    report = services.weekly_report_open(rep=rep, week_start=LAST_WEEK, now=now)
    return services.weekly_report_save(
        report=report, by=rep, now=now, summary="总结", problems="", next_focus="重点", submit=True
    )


@pytest.mark.rule("VISIT-10")
def test_the_supervisor_reviews_the_visit_register_and_writes_guidance(
    client_for, rep, supervisor, week_of_work, frozen_now
):
    report = submitted(rep)
    client = client_for(supervisor)
    page = client.get(reverse("planning:report_detail", args=[report.pk]))
    assert len(page.context["register"].object_list) == 3
    assert b"Send the guidance" in page.content

    response = client.post(
        reverse("planning:report_review", args=[report.pk]), {"guidance": "新客户三天内上门"}
    )
    assert response["Location"] == reverse("planning:review_queue")
    report.refresh_from_db()
    assert report.status == ReportStatus.REVIEWED
    assert report.reviewed_by == supervisor
    assert report.guidance == "新客户三天内上门"
    notice = Notification.objects.get(user=rep, rule="VISIT-10")
    assert notice.url == reverse("planning:report_detail", args=[report.pk])
    page = client_for(rep).get(notice.url).content.decode()
    assert "新客户三天内上门" in page


@pytest.mark.rule("VISIT-10")
def test_guidance_cannot_be_empty_and_a_rep_does_not_review(
    client_for, rep, rep2, supervisor, org, frozen_now
):
    report = submitted(rep)
    response = client_for(supervisor).post(
        reverse("planning:report_review", args=[report.pk]), {"guidance": ""}
    )
    assert response.status_code == 200
    assert response.context["review_form"].errors["guidance"]
    response = client_for(rep).post(
        reverse("planning:report_review", args=[report.pk]), {"guidance": "自己点评"}
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


@pytest.mark.rule("VISIT-10")
def test_a_draft_is_not_reviewed(rep, supervisor, org, frozen_now):
    report = services.weekly_report_open(rep=rep, week_start=LAST_WEEK, now=frozen_now)
    with pytest.raises(ValidationError, match="not waiting for review"):
        services.report_review(report=report, by=supervisor, now=frozen_now, guidance="x")


# The Monday job ---------------------------------------------------------------------


@pytest.mark.rule("VISIT-10")
def test_the_monday_job_drafts_every_reps_report_and_tells_them_once(
    client_for, rep, rep2, rep3, supervisor, manager, make_user, org, frozen_now
):
    from crm import roles

    gone = make_user(roles.REP, username="gone", is_active=False)
    leaver = make_user(roles.REP, username="leaver")
    leaver.staff.status = StaffStatus.LEFT
    leaver.staff.save()
    services.weekly_report_open(rep=rep2, week_start=LAST_WEEK, now=frozen_now)  # made already

    assert weekly_reports_monday() == {"created": 2, "notified": 3}
    assert set(WeeklyReport.objects.values_list("rep__username", flat=True)) == {
        "rep",
        "rep2",
        "rep3",
    }
    assert not WeeklyReport.objects.filter(rep__in=[gone, leaver, supervisor, manager]).exists()
    report = WeeklyReport.objects.get(rep=rep)
    assert (report.week_start, report.status, report.created_at) == (
        LAST_WEEK,
        ReportStatus.DRAFT,
        frozen_now,
    )
    notice = Notification.objects.get(user=rep)
    assert notice.rule == "VISIT-10"
    assert "due by" in notice.words
    assert client_for(rep).get(notice.url)["Location"] == reverse(
        "planning:report_detail", args=[report.pk]
    )

    assert weekly_reports_monday() == {"created": 0, "notified": 0}
    assert WeeklyReport.objects.count() == 3
    assert Notification.objects.filter(rule="VISIT-10").count() == 3


@pytest.mark.rule("VISIT-10")
def test_the_monday_job_is_set_based(make_user, org, frozen_now, django_assert_max_num_queries):
    from crm import roles

    for i in range(30):
        make_user(roles.REP, username=f"bulk{i}")
    with django_assert_max_num_queries(7):  # on a cold cache
        result = services.weekly_reports_create(now=frozen_now)
    assert result["created"] == 33


@pytest.mark.rule("VISIT-10")
def test_a_later_run_in_the_week_only_catches_up_new_reps(make_user, rep, org, frozen_now):
    from crm import roles

    services.weekly_reports_create(now=frozen_now)
    newcomer = make_user(roles.REP, username="newcomer")
    with time_machine.travel(frozen_now + dt.timedelta(days=2), tick=False):
        result = weekly_reports_monday()
    assert result["created"] == 1
    assert WeeklyReport.objects.get(rep=newcomer).week_start == LAST_WEEK


@pytest.mark.rule("VISIT-10")
def test_the_job_runs_through_the_task_queue_every_morning(rep, org, frozen_now):
    from django_q.tasks import async_task

    from crm.schedules import SCHEDULES

    (job,) = [j for j in SCHEDULES if j.name == "planning.weekly_reports"]
    assert (job.func, job.at) == ("planning.tasks.weekly_reports_monday", "06:30")
    async_task(job.func)  # runs at once: tests use the queue's sync mode
    assert WeeklyReport.objects.get(rep=rep).week_start == LAST_WEEK


@pytest.mark.rule("VISIT-10")
def test_a_supervisor_cannot_review_another_teams_report(rep2, supervisor, org, frozen_now):
    from django.core.exceptions import PermissionDenied

    report = submitted(rep2)
    with pytest.raises(PermissionDenied):
        services.report_review(report=report, by=supervisor, now=frozen_now, guidance="x")
