"""Open cases past their date show to the managers (SVC-1): nobody may delay a case."""

import datetime as dt

import pytest
from django.urls import reverse

from crm.dashboard import panels_for
from service.selectors.cases import cases_overdue_count
from tests.service.factories import department, log_case, route_case

pytestmark = pytest.mark.django_db


@pytest.mark.rule("SVC-1")
def test_a_case_neither_answered_nor_routed_by_the_next_day_is_overdue(
    client_for, rep, service_manager, frozen_now
):
    case = log_case(by=rep, now=frozen_now - dt.timedelta(days=1), subject="昨天的来电")
    log_case(by=rep, now=frozen_now, subject="今天的来电")
    assert cases_overdue_count(today=frozen_now.date()) == 1
    body = client_for(service_manager).get(reverse("service:overdue")).content.decode()
    assert case.subject in body
    assert "今天的来电" not in body
    assert "data-overdue" in body


@pytest.mark.rule("SVC-1")
def test_a_routed_case_is_overdue_only_after_the_date_the_customer_was_told(rep, frozen_now):
    case = route_case(log_case(by=rep, now=frozen_now), by=rep, now=frozen_now, days=2)
    assert cases_overdue_count(today=case.expected_on) == 0
    assert cases_overdue_count(today=case.expected_on + dt.timedelta(days=1)) == 1


@pytest.mark.rule("SVC-1")
def test_answered_cases_are_never_overdue(rep, frozen_now):
    log_case(by=rep, now=frozen_now - dt.timedelta(days=5), answer="已回复")
    assert cases_overdue_count(today=frozen_now.date()) == 0


@pytest.mark.rule("SVC-1")
def test_the_managers_dashboard_counts_the_overdue_cases_in_one_query(
    rep, service_manager, sales_manager, general_manager, frozen_now, django_assert_num_queries
):
    log_case(by=rep, now=frozen_now - dt.timedelta(days=3))
    for manager in (service_manager, sales_manager, general_manager):
        panel = next(
            p for p in panels_for(user=manager, now=frozen_now) if p["panel"].key == "overdue_cases"
        )
        assert panel["count"] == 1
        assert panel["alarm"] is True
    from service.dashboard import _overdue_figures

    with django_assert_num_queries(1):
        _overdue_figures(user=service_manager, now=frozen_now)


def test_a_rep_cannot_open_the_overdue_list(client_for, rep):
    assert client_for(rep).get(reverse("service:overdue")).status_code == 403


@pytest.mark.rule("SVC-1")
def test_the_receiver_sees_on_the_dashboard_the_cases_waiting_for_them(client_for, rep, frozen_now):
    log_case(by=rep, now=frozen_now)
    response = client_for(rep).get(reverse("dashboard"))
    panel = next(p for p in response.context["panels"] if p["panel"].key == "my_cases")
    assert panel["count"] == 1


def test_the_department_queue_lists_its_routed_cases_earliest_promise_first(
    client_for, rep, doctor, frozen_now
):
    department("service", members=[doctor])
    late = route_case(
        log_case(by=rep, now=frozen_now, subject="晚一点"), by=rep, now=frozen_now, days=5
    )
    soon = route_case(
        log_case(by=rep, now=frozen_now, subject="急"), by=rep, now=frozen_now, days=1
    )
    route_case(
        log_case(by=rep, now=frozen_now, subject="财务的"), by=rep, now=frozen_now, code="finance"
    )
    body = client_for(doctor).get(reverse("service:queue")).content.decode()
    assert body.index(soon.subject) < body.index(late.subject)
    assert "财务的" not in body


def test_someone_in_no_department_is_told_so_on_the_queue(client_for, rep):
    body = client_for(rep).get(reverse("service:queue")).content.decode()
    assert "You belong to no department" in body


def test_the_other_service_panels_cost_one_query_each(
    rep, finance, frozen_now, django_assert_num_queries
):
    from service.dashboard import _complaint_steps_figures, _waiting_figures

    log_case(by=rep, now=frozen_now)
    finance.has_perm("service.compensate")  # the permission cache the dashboard already holds
    with django_assert_num_queries(1):
        assert _waiting_figures(user=rep, now=frozen_now)["count"] == 1
    with django_assert_num_queries(1):
        assert _complaint_steps_figures(user=finance, now=frozen_now)["count"] == 0
