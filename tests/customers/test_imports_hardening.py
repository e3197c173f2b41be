"""Issue 13, item 6: imports survive a killed worker, long files and zip bombs are limited
in the worker (the web request reads only the first rows), and a row that would change
another rep's customer is listed for review instead."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from crm import roles
from customers import tasks
from customers.models import Customer, ImportJob, ImportStatus
from customers.services.imports.job import import_jobs_sweep
from tests.customers.factories import CustomerFactory
from tests.customers.factories_imports import row, xlsx_bytes, xlsx_upload
from tests.customers.test_imports_rows import reasons

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("frozen_now", "media"),
    pytest.mark.rule("SEC-7"),
]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def manager(make_user):
    return make_user(roles.SALES_MANAGER, username="manager", last_name="刘", first_name="洋")


def rows_of(count: int) -> list[list]:
    return [row(name=f"客户{n}", phone=f"139{n:08d}") for n in range(count)]


def left_running(manager, count: int, *, done: int, minutes_ago: int) -> ImportJob:
    """A job a worker was killed in: `done` rows imported, no progress for a while."""
    job = ImportJob(original_name="c.xlsx", uploaded_by=manager, total_rows=count)
    rows = rows_of(count) if not done else rows_of(count)[:done]
    job.file.save("c.xlsx", ContentFile(xlsx_bytes(rows)))
    if done:
        tasks.import_run(job.pk)  # the first rows went in before the kill
        job.file.save("c.xlsx", ContentFile(xlsx_bytes(rows_of(count))))
    stale = timezone.now() - dt.timedelta(minutes=minutes_ago)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING,
        processed_rows=done,
        created_rows=done,
        progress_at=stale,
        finished_at=None,
    )
    ImportJob.objects.filter(pk=job.pk).update(created_at=stale)
    return job


def test_a_job_a_dead_worker_left_running_is_queued_again_and_finishes_once(manager, set_param):
    set_param("customer.import_stale_minutes", 10)
    job = left_running(manager, 6, done=2, minutes_ago=30)
    fresh = left_running(manager, 3, done=0, minutes_ago=1)
    assert import_jobs_sweep(now=timezone.now()) == [job.pk]  # tasks run at once in tests
    job.refresh_from_db()
    assert (job.status, job.processed_rows) == (ImportStatus.DONE, 6)
    assert Customer.objects.count() == 6  # the two done before the kill, not again
    assert Customer.objects.values("phone").distinct().count() == 6
    assert ImportJob.objects.get(pk=fresh.pk).status == ImportStatus.RUNNING  # still alive
    assert import_jobs_sweep(now=timezone.now()) == []


def test_the_sweep_is_scheduled():
    from crm.schedules import SCHEDULES

    assert "customers.tasks.import_sweep" in {job.func for job in SCHEDULES}


def test_the_web_request_reads_only_the_first_rows(client_for, manager, set_param, monkeypatch):
    set_param("customer.import_background_rows", 3)
    from customers.services.imports import reading

    seen = []
    original = reading.Spreadsheet.rows

    def counting(self):
        for item in original(self):
            seen.append(item)
            yield item

    monkeypatch.setattr(reading.Spreadsheet, "rows", counting)
    client_for(manager).post(reverse("customers:import_new"), {"file": xlsx_upload(rows_of(50))})
    assert len(seen) == 4  # threshold + 1: enough to know it goes to the worker
    job = ImportJob.objects.get()
    assert (job.status, job.total_rows) == (ImportStatus.PENDING, 0)


def test_the_worker_refuses_a_file_with_too_many_rows(manager, set_param):
    set_param("customer.import_max_rows", 3)
    job = ImportJob(original_name="c.xlsx", uploaded_by=manager)
    job.file.save("c.xlsx", ContentFile(xlsx_bytes(rows_of(5))))
    tasks.import_run(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "3" in job.message
    assert not Customer.objects.exists()


def test_a_file_unpacking_past_the_limit_is_refused_unread(client_for, manager, set_param):
    set_param("customer.import_max_unpacked_mb", 0)
    response = client_for(manager).post(
        reverse("customers:import_new"), {"file": xlsx_upload(rows_of(2))}
    )
    assert response.status_code == 400
    assert not ImportJob.objects.exists()


def test_a_row_changing_another_reps_customer_is_listed_for_review(client_for, manager, make_user):
    rep2 = make_user(roles.REP, username="rep2", last_name="李", first_name="强")
    theirs = CustomerFactory(owner=rep2, name="赵德明", phone="13912345678")
    client_for(manager).post(
        reverse("customers:import_new"),
        {"file": xlsx_upload([row(name="赵大明", phone="13912345678")])},
    )
    theirs.refresh_from_db()
    assert theirs.name == "赵德明"  # not renamed by someone else's file
    job = ImportJob.objects.get()
    assert job.error_rows == 1
    assert f"#{theirs.pk}" in str(reasons(job))
