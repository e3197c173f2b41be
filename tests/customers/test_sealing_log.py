"""The read log: the general manager sees who read which sealed record, when, under what."""

import datetime as dt

import pytest
from django.urls import reverse

from crm import roles
from customers.views.sealing import PAGE_SIZE
from tests.customers.factories import CustomerFactory
from tests.customers.factories_sealing import ReadLogFactory, SealedSurveyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gm(make_user):
    return make_user(roles.GENERAL_MANAGER, username="gm", last_name="陈", first_name="建国")


def entries(response) -> list:
    return list(response.context["page"].object_list)


@pytest.mark.rule("SEAL-1")
def test_the_general_manager_sees_who_read_which_record_when_under_which_approval(
    client_for, gm, rep, english, frozen_now
):
    survey = SealedSurveyFactory(customer=CustomerFactory(name="赵大爷"))
    entry = ReadLogFactory(access_request__requester=rep, access_request__survey=survey)

    response = client_for(gm).get(reverse("customers:read_log"))

    assert entries(response) == [entry]
    page = response.content.decode()
    assert "张伟" in page  # the reader
    assert "赵大爷" in page
    assert f"No. {entry.access_request.pk} by" in page
    assert entry.access_request.decided_by.last_name in page


@pytest.mark.rule("SEAL-1")
def test_only_holders_of_the_log_permission_see_it(client_for, rep, make_user):
    for user in (rep, make_user(roles.SERVICE_MANAGER), make_user(roles.SALES_MANAGER)):
        assert client_for(user).get(reverse("customers:read_log")).status_code == 403


@pytest.mark.rule("SEAL-1")
def test_the_log_filters_by_person_and_by_date(client_for, gm, rep, make_user, frozen_now):
    other = make_user(roles.REP)
    today = ReadLogFactory(access_request__requester=rep)
    last_week = ReadLogFactory(
        access_request__requester=rep, read_at=frozen_now - dt.timedelta(days=7)
    )
    someone_else = ReadLogFactory(access_request__requester=other)
    client = client_for(gm)
    url = reverse("customers:read_log")

    by_person = client.get(url, {"reader": rep.pk})
    by_day = client.get(url, {"date_from": "2026-11-23", "date_to": "2026-11-23"})
    both = client.get(url, {"reader": rep.pk, "date_to": "2026-11-20"})

    assert set(entries(by_person)) == {today, last_week}
    assert set(entries(by_day)) == {today, someone_else}
    assert entries(both) == [last_week]


def test_a_read_just_after_local_midnight_counts_for_that_local_day(
    client_for, gm, rep, frozen_now
):
    # 00:10 in Shanghai is still the previous day in UTC.
    early = ReadLogFactory(read_at=frozen_now.replace(hour=0, minute=10))
    response = client_for(gm).get(
        reverse("customers:read_log"), {"date_from": "2026-11-23", "date_to": "2026-11-23"}
    )
    assert entries(response) == [early]


def test_a_reversed_date_range_shows_an_error_not_a_crash(client_for, gm, english, frozen_now):
    ReadLogFactory()
    response = client_for(gm).get(
        reverse("customers:read_log"), {"date_from": "2026-11-23", "date_to": "2026-11-01"}
    )
    assert response.status_code == 200
    assert "The end date is before the start date." in response.content.decode()
    assert entries(response) == []


def test_the_log_paginates_and_keeps_its_filters(client_for, gm, rep, frozen_now):
    for _ in range(PAGE_SIZE + 1):
        ReadLogFactory(access_request__requester=rep)
    client = client_for(gm)
    first = client.get(reverse("customers:read_log"), {"reader": rep.pk})
    second = client.get(reverse("customers:read_log"), {"reader": rep.pk, "page": 2})
    assert len(entries(first)) == PAGE_SIZE
    assert len(entries(second)) == 1
    assert f"reader={rep.pk}&amp;page=2" in first.content.decode()


def test_the_log_query_count_does_not_grow_with_the_log(
    client_for, gm, frozen_now, django_assert_max_num_queries
):
    for _ in range(20):
        ReadLogFactory()
    client = client_for(gm)
    with django_assert_max_num_queries(9):  # +1: the GM's second factor (SEC-5)
        response = client.get(reverse("customers:read_log"))
    assert len(entries(response)) == 20
