"""WORK-2 on "My visits": sorted by due date either way on keyset paging, a capped total,
saved views."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import CURRENT_TIME
from tests.customers.factories import CustomerFactory
from tests.visits.factories import VisitTaskFactory

pytestmark = [pytest.mark.django_db, pytest.mark.rule("WORK-2")]
LIST = reverse("visits:task_list")
TODAY = CURRENT_TIME.date()


def test_my_visits_sort_by_due_date_both_ways_through_every_page(client_for, rep, frozen_now):
    for i in range(30):
        VisitTaskFactory(
            customer=CustomerFactory(owner=rep),
            assignee=rep,
            due_on=TODAY + dt.timedelta(days=i % 6),
        )
    client = client_for(rep)
    for sort in ("due", "-due"):
        first = client.get(LIST, {"sort": sort})
        second = client.get(f"{LIST}?{first.context['next_query']}")
        rows = first.context["page"].rows + second.context["page"].rows
        assert len({t.pk for t in rows}) == 30
        keys = [(t.due_on, t.pk) for t in rows]
        assert keys == sorted(keys, reverse=sort.startswith("-"))


def test_my_visits_show_their_total_and_saved_views(client_for, rep, frozen_now, set_param):
    for _ in range(3):
        VisitTaskFactory(customer=CustomerFactory(owner=rep), assignee=rep, due_on=TODAY)
    client = client_for(rep)
    assert 'data-total="3"' in client.get(LIST).content.decode()
    set_param("lists.total_cap", 2)
    assert 'data-total="2+"' in client.get(LIST).content.decode()
    client.post(
        reverse("saved_view_save"), {"name": "逾期先", "path": LIST, "query": "show=overdue"}
    )
    assert "逾期先" in client.get(LIST).content.decode()
