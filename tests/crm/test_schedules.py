"""The app registers its own schedules; a heartbeat proves the worker runs."""

import datetime as dt

import pytest
from django.core.management import call_command
from django_q.models import Schedule
from django_q.tasks import async_task

from crm.models import Heartbeat
from crm.schedules import all_schedules
from crm.selectors import worker_heartbeat

pytestmark = pytest.mark.django_db


def test_registering_twice_leaves_one_schedule_each():
    call_command("setup_schedules")
    call_command("setup_schedules")
    for job in all_schedules():
        assert Schedule.objects.filter(name=job.name).count() == 1


def test_registration_repairs_an_edited_or_duplicated_schedule():
    call_command("setup_schedules")
    Schedule.objects.filter(name="crm.heartbeat").update(minutes=60)
    Schedule.objects.create(name="crm.heartbeat", func="crm.tasks.heartbeat")
    call_command("setup_schedules")
    (row,) = Schedule.objects.filter(name="crm.heartbeat")
    assert row.minutes == 1
    assert row.func == "crm.tasks.heartbeat"


def test_every_scheduled_function_exists():
    from django.utils.module_loading import import_string

    for job in all_schedules():
        assert callable(import_string(job.func))


def test_the_heartbeat_task_records_the_time_it_ran(frozen_now):
    async_task("crm.tasks.heartbeat")  # runs at once: tests use the queue's sync mode
    assert Heartbeat.objects.get(name="worker").beat_at == frozen_now
    assert worker_heartbeat(now=frozen_now)["alive"] is True
    later = frozen_now + dt.timedelta(minutes=10)
    assert worker_heartbeat(now=later)["alive"] is False


def test_a_worker_that_never_ran_is_not_alive(frozen_now):
    assert worker_heartbeat(now=frozen_now) == {"beat_at": None, "alive": False}
