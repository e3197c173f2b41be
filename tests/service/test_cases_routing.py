"""Routing a case (SVC-1): the customer is told why and by when; the timeline keeps who,
from where, to which department, when."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from service.models import CaseEvent, CaseEventKind, CaseStatus
from service.services.cases import case_answer, case_route
from tests.service.factories import department, log_case, route_case

pytestmark = pytest.mark.django_db


@pytest.mark.rule("SVC-1")
def test_routing_records_from_whom_to_which_department_when_and_the_promised_date(rep, frozen_now):
    case = log_case(by=rep, now=frozen_now)
    later = frozen_now + dt.timedelta(minutes=10)
    route_case(case, by=rep, now=later, code="service", days=3)
    case.refresh_from_db()
    assert case.status == CaseStatus.ROUTED
    assert case.department.code == "service"
    assert case.expected_on == dt.date(2026, 11, 26)
    event = CaseEvent.objects.get(case=case, kind=CaseEventKind.ROUTED)
    assert (event.by, event.at, event.from_department, event.to_department.code) == (
        rep,
        later,
        None,
        "service",
    )
    assert event.expected_on == dt.date(2026, 11, 26)
    assert event.note == "需要售后部门上门检查"


@pytest.mark.rule("SVC-1")
def test_a_case_is_routed_only_once_the_customer_was_told_why_and_by_when(rep, frozen_now):
    case = log_case(by=rep, now=frozen_now)
    with pytest.raises(ValidationError) as refused:
        case_route(
            case=case,
            by=rep,
            department=department("service"),
            expected_on=frozen_now.date() - dt.timedelta(days=1),
            reason=" ",
            customer_told=False,
            now=frozen_now,
        )
    errors = refused.value.message_dict
    assert errors["expected_on"] == ["The date the customer was told cannot be in the past."]
    assert errors["reason"] == ["Write why it could not be solved on the spot."]
    assert errors["customer_told"] == ["Tell the customer why and by when before routing the case."]
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


@pytest.mark.rule("SVC-1")
def test_the_promised_date_cannot_put_the_case_off_beyond_the_limit(rep, set_param, frozen_now):  # noqa: F811
    set_param("service.expected_max_days", 10)
    case = log_case(by=rep, now=frozen_now)
    with pytest.raises(ValidationError, match="Promise an answer by 3 Dec 2026 at the latest"):
        route_case(case, by=rep, now=frozen_now, days=11)
    route_case(case, by=rep, now=frozen_now, days=10)


@pytest.mark.rule("SVC-1")
def test_a_retired_department_takes_no_cases(rep, frozen_now):
    quality = department("quality")
    quality.is_active = False
    quality.save()
    case = log_case(by=rep, now=frozen_now)
    with pytest.raises(ValidationError, match="Choose an active department"):
        route_case(case, by=rep, now=frozen_now, code="quality")


@pytest.mark.rule("SVC-1")
def test_once_routed_the_department_answers_not_the_first_receiver(rep, doctor, rep2, frozen_now):
    department("service", members=[doctor])
    case = route_case(log_case(by=rep, now=frozen_now), by=rep, now=frozen_now)
    with pytest.raises(ValidationError, match="may answer or route it: After-sales service"):
        case_answer(case=case, by=rep, answer="我来答", now=frozen_now)
    with pytest.raises(ValidationError):
        case_answer(case=case, by=rep2, answer="我来答", now=frozen_now)
    case_answer(case=case, by=doctor, answer="医生已电话指导", now=frozen_now)
    case.refresh_from_db()
    assert (case.status, case.answered_by) == (CaseStatus.CLOSED, doctor)


@pytest.mark.rule("SVC-1")
def test_a_department_routes_on_and_the_timeline_says_from_where(
    client_for, rep, doctor, finance, frozen_now
):
    department("service", members=[doctor])
    department("finance", members=[finance])
    case = route_case(log_case(by=rep, now=frozen_now), by=rep, now=frozen_now)
    route_case(case, by=doctor, now=frozen_now, code="finance", days=5)
    event = CaseEvent.objects.filter(case=case, kind=CaseEventKind.ROUTED).last()
    assert (event.by, event.from_department.code, event.to_department.code) == (
        doctor,
        "service",
        "finance",
    )
    body = client_for(rep).get(reverse("service:case_detail", args=[case.pk])).content.decode()
    assert "From After-sales service to Finance" in body
    assert "answer promised by 28 Nov 2026" in body


@pytest.mark.rule("SVC-1")
def test_the_route_form_shows_its_messages_next_to_the_fields(client_for, rep, frozen_now):
    case = log_case(by=rep, now=frozen_now)
    response = client_for(rep).post(
        reverse("service:case_route", args=[case.pk]),
        {"department": department("service").pk, "expected_on": "2026-11-25", "reason": "待查"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tell the customer why and by when before routing the case." in body
    assert '<details class="svc-route" open>' in body
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


@pytest.mark.rule("SVC-1")
def test_the_route_form_routes_the_case(client_for, rep, frozen_now):
    case = log_case(by=rep, now=frozen_now)
    response = client_for(rep).post(
        reverse("service:case_route", args=[case.pk]),
        {
            "department": department("quality").pk,
            "expected_on": "2026-11-25",
            "reason": "需要检测",
            "customer_told": "on",
        },
        follow=True,
    )
    assert f"Case #{case.pk} is routed to Quality testing, due 25 Nov 2026." in (
        response.content.decode()
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.ROUTED


@pytest.mark.rule("SVC-1")
def test_the_receiver_follows_the_cases_they_routed(client_for, rep, frozen_now):
    routed = route_case(
        log_case(by=rep, now=frozen_now, subject="送货延误"), by=rep, now=frozen_now
    )
    log_case(by=rep, now=frozen_now, subject="问价格")
    client = client_for(rep)
    waiting = client.get(reverse("service:case_mine")).content.decode()
    assert "问价格" in waiting
    assert "送货延误" not in waiting
    following = client.get(reverse("service:case_mine"), {"show": "routed"}).content.decode()
    assert routed.subject in following
