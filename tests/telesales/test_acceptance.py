"""The issue's acceptance: a telesales rep logs 20 calls quickly; the day's report and the
pay statement add up."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from telesales.models import Call, CallOutcome, ITStatus, Prospect
from tests.conftest import CURRENT_TIME

pytestmark = pytest.mark.django_db


def twenty_calls() -> list[dict]:
    """15 valid calls to 12 organisations (3 called back later the same day: not counted
    again), and 5 that are not valid."""
    calls = []
    for i in range(20):
        call = {
            "organisation": f"北京第{i % 12}科技有限公司",
            "contact_surname": "王李张刘陈"[i % 5],
            "department": "行政部",
            "title": "经理",
            "phone": f"0108231{i % 12:04d}",
            "headcount": 20 + i,
            "it_status": ITStatus.NO_STAFF,
            "outcome": CallOutcome.INTERESTED,
            "notes": "",
        }
        if i in (15, 16):
            call["headcount"] = ""  # not recorded
        if i == 17:
            call["outcome"] = CallOutcome.NO_ANSWER
        calls.append(call)
    return calls


@pytest.mark.rule("TEL-1", "TEL-2", "TEL-5")
def test_twenty_calls_logged_quickly_add_up_in_the_report_and_the_pay(
    client_for, seller, supervisor, django_assert_max_num_queries
):
    client = client_for(seller)
    desk = reverse("telesales:call_desk")
    with time_machine.travel(CURRENT_TIME, tick=False) as clock:
        for data in twenty_calls():
            clock.shift(dt.timedelta(seconds=40))
            with django_assert_max_num_queries(30):
                response = client.post(desk, data, HTTP_HX_REQUEST="true")
            assert response.status_code == 200
            assert 'class="alert' in response.content.decode()
    calls = Call.objects.filter(rep=seller)
    assert calls.count() == 20
    valid = calls.filter(is_valid=True).count()
    # 12 organisations each valid once; calls 12-14 repeat organisations 0-2 (not again);
    # 15-16 lack the headcount and 17 reached nobody; 18-19 repeat 6-7.
    assert valid == 12
    assert Prospect.objects.count() == 12

    day = CURRENT_TIME.date()
    report_url = reverse("telesales:report_day", args=[seller.pk, day])
    with time_machine.travel(CURRENT_TIME + dt.timedelta(hours=8), tick=False):
        page = client.get(report_url)
        assert page.context["figures"]["calls"] == 20
        assert page.context["figures"]["valid"] == valid
        assert page.context["figures"]["companies"] == 12
        assert page.context["figures"]["by_outcome"]["no_answer"] == 1
        assert page.context["record_figures"] == {"prospects": 12, "new": 12}
        client.post(report_url, {"kind": "calls", "calls-note": "20通"})
        client.post(report_url, {"kind": "records", "records-note": ""})

        statement = client.get(
            reverse("telesales:pay_statement", args=[seller.pk, day.replace(day=1)])
        ).context["statement"]
    assert statement.line("valid_calls").basis == valid
    assert statement.line("valid_calls").amount == Decimal("6.00")
    assert statement.total == Decimal("1006.00")

    # The supervisor reads the same figures in the submitted report.
    supervisor_page = client_for(supervisor).get(reverse("telesales:report_list")).content
    assert "20 calls, 12 valid" in supervisor_page.decode()
