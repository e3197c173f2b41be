"""The case list pages page through their rows in a fixed number of queries."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.customers.factories import CustomerFactory
from tests.service.factories import department, log_case, route_case

pytestmark = pytest.mark.django_db


def many_cases(*, by, now, n=8, **kwargs):
    return [
        log_case(
            by=by, now=now - dt.timedelta(days=i), customer=CustomerFactory(owner=by), **kwargs
        )
        for i in range(n)
    ]


@pytest.mark.parametrize("show", ["open", "routed", "customers", "all"])
def test_my_cases_lists_in_few_queries(
    client_for, rep, frozen_now, show, django_assert_max_num_queries
):
    cases = many_cases(by=rep, now=frozen_now)
    for case in cases[:3]:
        route_case(case, by=rep, now=frozen_now)
    client = client_for(rep)
    client.get(reverse("service:case_mine"))  # warm the session
    # + 1: which of the customers the reader may see (SEC-6, cases_named_for)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("service:case_mine"), {"show": show})
    assert response.status_code == 200


def test_the_queue_and_the_overdue_list_take_few_queries(
    client_for, rep, service_manager, frozen_now, django_assert_max_num_queries
):
    department("service", members=[service_manager])
    for case in many_cases(by=rep, now=frozen_now - dt.timedelta(days=2)):
        route_case(case, by=rep, now=frozen_now - dt.timedelta(days=2), days=1)
    client = client_for(service_manager)
    client.get(reverse("service:queue"))
    # + 1 each: which of the customers the reader may see (SEC-6, cases_named_for)
    with django_assert_max_num_queries(11):
        queue = client.get(reverse("service:queue"))
    with django_assert_max_num_queries(10):
        overdue = client.get(reverse("service:overdue"))
    assert queue.content.decode().count("data-overdue") == 8
    assert overdue.content.decode().count("data-overdue") == 8


def test_the_case_page_takes_few_queries(
    client_for, rep, frozen_now, django_assert_max_num_queries
):
    case = route_case(
        log_case(by=rep, now=frozen_now, customer=CustomerFactory(owner=rep)),
        by=rep,
        now=frozen_now,
    )
    client = client_for(rep)
    client.get(reverse("service:case_detail", args=[case.pk]))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("service:case_detail", args=[case.pk]))
    assert response.status_code == 200


def test_the_lists_page_at_25(client_for, rep, frozen_now):
    many_cases(by=rep, now=frozen_now, n=27)
    body = client_for(rep).get(reverse("service:case_mine")).content.decode()
    assert "Page 1 of 2" in body
