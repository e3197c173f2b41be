"""The demo gives "my day" and the board something to show, once."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from crm.demo import DEMO_PASSWORD
from visits.models import Holiday, VisitRecord, VisitTask

pytestmark = pytest.mark.django_db


def test_the_demo_fills_my_day_and_loading_twice_adds_nothing(client, frozen_now):
    call_command("load_demo")
    counts = (VisitTask.objects.count(), VisitRecord.objects.count(), Holiday.objects.count())
    call_command("load_demo")
    assert (
        VisitTask.objects.count(),
        VisitRecord.objects.count(),
        Holiday.objects.count(),
    ) == counts
    client.post(reverse("login"), {"username": "rep", "password": DEMO_PASSWORD})
    day = client.get(reverse("visits:my_day")).context["day"]
    assert day.overdue
    assert day.due_today
    assert day.upcoming
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "doctor", "password": DEMO_PASSWORD})
    board = client.get(reverse("visits:board")).context["page"].object_list
    assert any(person.overdue for person in board)
