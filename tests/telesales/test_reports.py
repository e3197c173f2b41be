"""The two daily reports (TEL-2): compiled from the records, submitted, read by the leader."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from telesales.models import CallOutcome, CallReport, ReportKind
from telesales.selectors.reports import record_report_rows, reports_missing_for
from telesales.services.prospects import prospect_update
from telesales.services.reports import call_report_submit
from tests.telesales.factories import log

pytestmark = pytest.mark.django_db

REPORTS = reverse("telesales:report_list")


def day_url(rep, day) -> str:
    return reverse("telesales:report_day", args=[rep.pk, day])


@pytest.mark.rule("TEL-2")
def test_the_daily_call_report_counts_calls_valid_calls_and_outcomes(seller, frozen_now):
    log(seller)
    log(seller, organisation="顺达物流", phone="01082310002", outcome=CallOutcome.CALL_BACK)
    log(seller, organisation="金桥会计", phone="01082310003", outcome=CallOutcome.NO_ANSWER)
    log(seller, organisation="昨天", phone="01082310009", now=frozen_now - dt.timedelta(days=1))
    report = call_report_submit(
        rep=seller, day=frozen_now.date(), kind=ReportKind.CALLS, note="顺利", now=frozen_now
    )
    assert report.figures["calls"] == 3
    assert report.figures["valid"] == 2
    assert report.figures["invalid"] == 1
    assert report.figures["companies"] == 3
    assert report.figures["by_outcome"]["interested"] == 1
    assert report.figures["by_outcome"]["call_back"] == 1
    assert report.figures["by_outcome"]["no_answer"] == 1
    assert report.note == "顺利"


@pytest.mark.rule("TEL-2")
def test_the_customer_record_report_lists_the_prospects_recorded_or_updated_that_day(
    seller, frozen_now
):
    yesterday = frozen_now - dt.timedelta(days=1)
    known = log(seller, now=yesterday).prospect
    log(seller, organisation="新公司", phone="01082310002")
    prospect_update(prospect=known, data={"address": "北京"}, by=seller, now=frozen_now)
    later = frozen_now + dt.timedelta(days=1)
    prospect_update(prospect=known, data={"address": "上海"}, by=seller, now=later)
    rows = {r.organisation: r for r in record_report_rows(rep=seller, day=frozen_now.date())}
    assert set(rows) == {"北京华信科技有限公司", "新公司"}
    assert rows["新公司"].is_new
    assert not rows["北京华信科技有限公司"].is_new
    assert rows["北京华信科技有限公司"].address == "北京"  # as it stood that day
    report = call_report_submit(
        rep=seller, day=frozen_now.date(), kind=ReportKind.RECORDS, note="", now=frozen_now
    )
    assert report.figures == {"prospects": 2, "new": 1}


@pytest.mark.rule("TEL-2")
def test_the_rep_submits_both_reports_with_a_note_on_the_day_page(client_for, seller, frozen_now):
    log(seller)
    client = client_for(seller)
    url = day_url(seller, frozen_now.date())
    page = client.get(url).content.decode()
    assert page.count("Not submitted yet.") == 2
    response = client.post(url, {"kind": "calls", "calls-note": "约了两家上门"}, follow=True)
    assert "Daily call report submitted to your supervisor." in response.content.decode()
    client.post(url, {"kind": "records", "records-note": ""})
    reports = {r.kind: r for r in CallReport.objects.filter(rep=seller)}
    assert reports.keys() == {"calls", "records"}
    assert reports["calls"].note == "约了两家上门"
    assert reports["calls"].figures["valid"] == 1


@pytest.mark.rule("TEL-2")
def test_submitting_again_replaces_the_figures_and_keeps_the_history(seller, frozen_now):
    day = frozen_now.date()
    call_report_submit(rep=seller, day=day, kind=ReportKind.CALLS, note="一", now=frozen_now)
    log(seller, now=frozen_now + dt.timedelta(hours=1))
    report = call_report_submit(
        rep=seller,
        day=day,
        kind=ReportKind.CALLS,
        note="二",
        now=frozen_now + dt.timedelta(hours=2),
    )
    assert CallReport.objects.count() == 1
    assert report.figures["calls"] == 1
    assert [h.note for h in report.history.order_by("history_date")] == ["一", "二"]


@pytest.mark.rule("TEL-2")
def test_a_day_that_has_not_come_cannot_be_reported(seller, frozen_now):
    with pytest.raises(ValidationError):
        call_report_submit(
            rep=seller,
            day=frozen_now.date() + dt.timedelta(days=1),
            kind=ReportKind.CALLS,
            note="",
            now=frozen_now,
        )


@pytest.mark.rule("TEL-2")
def test_the_supervisor_reads_the_teams_reports_and_sees_who_has_not_submitted(
    client_for, supervisor, seller, make_user, team, frozen_now
):
    from crm import roles

    late = make_user(roles.TELESALES, username="late", last_name="吴", first_name="迟")
    late.staff.team = team
    late.staff.save()
    log(seller)
    day = frozen_now.date()
    for kind in ReportKind.values:
        call_report_submit(rep=seller, day=day, kind=kind, note="今天不错", now=frozen_now)
    assert reports_missing_for(user=supervisor, day=day) == [late]
    client = client_for(supervisor)
    page = client.get(REPORTS, {"day": day.isoformat()}).content.decode()
    assert "今天不错" in page
    assert "吴迟" in page  # not submitted yet
    day_page = client.get(day_url(seller, day)).content.decode()
    assert "今天不错" in day_page
    assert 'name="kind"' not in day_page  # only the rep submits
    assert client.post(day_url(seller, day), {"kind": "calls"}).status_code == 403


@pytest.mark.rule("TEL-2", "SEAL-2")
def test_another_teams_supervisor_and_another_rep_get_404(
    client_for, seller, other_seller, other_supervisor, frozen_now
):
    url = day_url(seller, frozen_now.date())
    assert client_for(other_supervisor).get(url).status_code == 404
    assert client_for(other_seller).get(url).status_code == 404
    call_report_submit(
        rep=seller, day=frozen_now.date(), kind=ReportKind.CALLS, note="秘密", now=frozen_now
    )
    assert "秘密" not in client_for(other_supervisor).get(REPORTS).content.decode()


@pytest.mark.rule("TEL-2")
def test_a_superuser_reads_the_reports_but_has_no_day_of_their_own_to_submit(
    client_for, admin_user, seller, frozen_now
):
    call_report_submit(
        rep=seller, day=frozen_now.date(), kind=ReportKind.CALLS, note="今天", now=frozen_now
    )
    page = client_for(admin_user).get(REPORTS).content.decode()
    assert day_url(seller, frozen_now.date()) in page
    # Holding every permission does not make one a caller: no "Today's reports" of one's own.
    assert day_url(admin_user, frozen_now.date()) not in page
    assert "Today&#x27;s reports" not in page
    # The telesales page shows a superuser the reps' day, as it shows a leader.
    desk = client_for(admin_user).get(reverse("telesales:call_desk")).content.decode()
    assert day_url(seller, frozen_now.date()) in desk
    assert day_url(admin_user, frozen_now.date()) not in desk


def test_the_report_list_has_a_pinned_query_count(
    client_for, manager, seller, other_seller, frozen_now, django_assert_max_num_queries
):
    for i in range(20):
        day = frozen_now - dt.timedelta(days=i)
        for rep in (seller, other_seller):
            call_report_submit(
                rep=rep, day=day.date(), kind=ReportKind.CALLS, note=f"第{i}天", now=frozen_now
            )
    client = client_for(manager)
    with django_assert_max_num_queries(10):
        response = client.get(REPORTS)
    assert len(response.context["page"].object_list) == 25
    with django_assert_max_num_queries(10):
        client.get(REPORTS, {"page": 2})


def test_the_day_page_has_a_pinned_query_count(
    client_for, supervisor, seller, frozen_now, django_assert_max_num_queries
):
    for i in range(60):
        log(seller, organisation=f"公司{i}", phone=f"010823{i:05d}")
    client = client_for(supervisor)
    with django_assert_max_num_queries(12):
        response = client.get(day_url(seller, frozen_now.date()))
    assert len(response.context["records"].object_list) == 50
