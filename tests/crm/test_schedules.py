"""The app registers its own schedules, in the order the night needs; a heartbeat proves
the worker runs."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.module_loading import import_string
from django_q.models import Schedule
from django_q.tasks import async_task

from crm.models import Heartbeat
from crm.schedules import NIGHT, RETIRED, SCHEDULES
from crm.selectors import worker_heartbeat
from crm.tasks import night

pytestmark = pytest.mark.django_db


def test_registering_twice_leaves_one_schedule_each():
    call_command("setup_schedules")
    call_command("setup_schedules")
    for job in SCHEDULES:
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
    for path in (*(job.func for job in SCHEDULES), *NIGHT):
        assert callable(import_string(path))


def test_the_night_runs_visits_tiers_expiry_warnings_then_analysis():
    assert NIGHT == (
        "visits.tasks.catch_up_nightly",
        "deals.tasks.tiers_nightly",
        "pools.tasks.protection_nightly",
        "pools.tasks.expiry_nightly",
        "pools.tasks.expiry_warnings",
        "analysis.tasks.refresh_nightly",
    )


def test_the_daily_jobs_are_declared_in_the_order_of_their_times():
    times = [job.at for job in SCHEDULES if job.at]
    assert times == sorted(times)


def test_the_reminders_go_out_after_the_night_made_the_visits():
    at = {job.func: job.at for job in SCHEDULES}
    assert "00:00" < at["crm.tasks.night"] < at["visits.tasks.reminders_daily"]


def test_registration_removes_the_retired_schedules_and_keeps_an_admins_own():
    Schedule.objects.create(name=RETIRED[0], func="pools.tasks.expiry_nightly")
    Schedule.objects.create(name="my report", func="crm.tasks.heartbeat")
    call_command("setup_schedules")
    assert not Schedule.objects.filter(name__in=RETIRED).exists()
    assert Schedule.objects.filter(name="my report").exists()


def test_registration_moves_a_job_whose_time_changed(frozen_now):
    call_command("setup_schedules")
    Schedule.objects.filter(name="crm.night").update(
        next_run=timezone.localtime(frozen_now).replace(hour=3, minute=0)
    )
    call_command("setup_schedules")
    next_run = timezone.localtime(Schedule.objects.get(name="crm.night").next_run)
    assert f"{next_run:%H:%M}" == "00:30"
    assert next_run > frozen_now


STEPS_RUN: list[str] = []


def step_one():
    STEPS_RUN.append("one")
    return 1


def step_that_fails():
    STEPS_RUN.append("fails")
    raise ValueError("boom")


def step_three():
    STEPS_RUN.append("three")
    return 3


def test_the_night_runs_its_steps_in_order_and_a_failure_stops_none(monkeypatch):
    here = __name__
    steps = (f"{here}.step_one", f"{here}.step_that_fails", f"{here}.step_three")
    monkeypatch.setattr("crm.tasks.NIGHT", steps)
    STEPS_RUN.clear()
    with pytest.raises(RuntimeError, match="step_that_fails"):
        night()
    assert STEPS_RUN == ["one", "fails", "three"]


def test_a_night_on_a_new_database_runs_every_step(frozen_now):
    results = night()
    assert list(results) == list(NIGHT)


def test_the_heartbeat_task_records_the_time_it_ran(frozen_now):
    async_task("crm.tasks.heartbeat")  # runs at once: tests use the queue's sync mode
    assert Heartbeat.objects.get(name="worker").beat_at == frozen_now
    assert worker_heartbeat(now=frozen_now)["alive"] is True
    later = frozen_now + dt.timedelta(minutes=10)
    assert worker_heartbeat(now=later)["alive"] is False


def test_a_worker_that_never_ran_is_not_alive(frozen_now):
    assert worker_heartbeat(now=frozen_now) == {"beat_at": None, "alive": False}
