"""Large files import in the background: queued after commit, progress shown, safe to repeat."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from crm import roles
from crm.models import RuleParameter
from crm.parameters import param, param_forget
from customers import tasks
from customers.models import Customer, ImportJob, ImportStatus
from customers.services.imports import job as import_job
from customers.services.imports import rows as import_rows
from tests.customers.factories_imports import row, xlsx_bytes, xlsx_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now", "media")]
KEY = "customer.import_background_rows"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def manager(make_user):
    return make_user(roles.SALES_MANAGER, username="manager", last_name="刘", first_name="洋")


@pytest.fixture
def background_over():
    """Files of more than `rows` rows go to the background, for this test only."""

    def set_rows(rows: int) -> None:
        RuleParameter.objects.update_or_create(key=KEY, defaults={"value": str(rows)})
        param_forget(KEY)

    yield set_rows
    param_forget(KEY)


def rows_of(count: int) -> list[list]:
    return [row(name=f"客户{n}", phone=f"139{n:08d}") for n in range(count)]


def make_job(manager, content: bytes, name="customers.xlsx", **fields) -> ImportJob:
    job = ImportJob(original_name=name, uploaded_by=manager, **fields)
    job.file.save(name, ContentFile(content))
    return job


def test_a_large_file_is_queued_after_commit_and_imported_by_the_worker(
    client_for, manager, background_over, django_capture_on_commit_callbacks
):
    background_over(3)
    client = client_for(manager)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(reverse("customers:import_new"), {"file": xlsx_upload(rows_of(5))})
    job = ImportJob.objects.get()
    # The request stopped counting past the threshold: the worker counts (issue 13, item 6).
    assert (job.status, job.total_rows, job.processed_rows) == (ImportStatus.PENDING, 0, 0)
    assert not Customer.objects.exists()
    assert len(queued) == 1
    waiting = client.get(response.url).content.decode()
    assert "<progress" in waiting
    assert 'hx-trigger="every 2s"' in waiting
    assert reverse("customers:import_progress", args=[job.pk]) in waiting
    assert f'href="{reverse("customers:import_detail", args=[job.pk])}"' in waiting

    queued[0]()  # what the commit sets off: the task, run at once in the tests (sync)

    job.refresh_from_db()
    assert (job.status, job.created_rows, job.processed_rows) == (ImportStatus.DONE, 5, 5)
    assert Customer.objects.count() == 5
    finished = client.get(reverse("customers:import_progress", args=[job.pk])).content.decode()
    assert "hx-trigger" not in finished
    assert "<progress" not in finished


def test_a_file_at_the_threshold_is_imported_at_once(client_for, manager, background_over):
    background_over(3)
    client_for(manager).post(reverse("customers:import_new"), {"file": xlsx_upload(rows_of(3))})
    assert ImportJob.objects.get().status == ImportStatus.DONE


def test_a_ten_thousand_row_file_goes_to_the_background(
    client_for, manager, django_capture_on_commit_callbacks
):
    assert param(KEY) < 10_000
    with django_capture_on_commit_callbacks(execute=False) as queued:
        client_for(manager).post(
            reverse("customers:import_new"), {"file": xlsx_upload(rows_of(10_000))}
        )
    job = ImportJob.objects.get()
    assert (job.status, job.total_rows, len(queued)) == (ImportStatus.PENDING, 0, 1)


def test_the_progress_counts_move_chunk_by_chunk(manager, monkeypatch):
    monkeypatch.setattr(import_job, "CHUNK_SIZE", 2)
    seen = []
    original = import_job.write_chunk

    def spy(**kwargs):
        original(**kwargs)
        seen.append(ImportJob.objects.get().processed_rows)

    monkeypatch.setattr(import_job, "write_chunk", spy)
    job = make_job(manager, xlsx_bytes(rows_of(5)), total_rows=5)
    tasks.import_run(job.pk)
    assert seen == [2, 4, 5]


def test_running_the_task_again_changes_nothing(manager):
    job = make_job(manager, xlsx_bytes(rows_of(4)), total_rows=4)
    tasks.import_run(job.pk)
    tasks.import_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.created_rows, job.skipped_rows) == (ImportStatus.DONE, 4, 0)
    assert Customer.objects.count() == 4


def test_a_job_stopped_half_way_goes_on_after_its_last_chunk(manager):
    job = make_job(
        manager,
        xlsx_bytes(rows_of(5)),
        total_rows=5,
        status=ImportStatus.RUNNING,
        processed_rows=2,
        created_rows=2,
    )
    tasks.import_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.processed_rows, job.created_rows) == (ImportStatus.DONE, 5, 5)
    assert sorted(Customer.objects.values_list("name", flat=True)) == ["客户2", "客户3", "客户4"]


def test_an_unreadable_file_fails_the_job_with_a_reason_instead_of_hanging(client_for, manager):
    job = make_job(manager, b"PK\x03\x04 broken", total_rows=10)
    tasks.import_run(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.message
    page = client_for(manager).get(reverse("customers:import_detail", args=[job.pk]))
    assert job.message in page.content.decode()


def test_the_task_ignores_a_job_that_no_longer_exists():
    tasks.import_run(987654)


def test_a_chunk_that_collides_with_another_import_is_retried_without_doubling_errors(
    manager, monkeypatch
):
    collided = []
    original = import_rows.bulk_create_with_history

    def collide_once(objs, model, **kwargs):
        if not collided:
            collided.append(True)
            # Another import adds the same customer at the same moment.
            Customer.objects.create(name="别处", import_key=objs[0].import_key)
        return original(objs, model, **kwargs)

    monkeypatch.setattr(import_rows, "bulk_create_with_history", collide_once)
    rows = [row(name="张三", phone="13800138000"), row(name="坏", phone="1")]
    job = make_job(manager, xlsx_bytes(rows), total_rows=2)
    tasks.import_run(job.pk)
    job.refresh_from_db()
    assert collided
    assert (job.status, job.created_rows, job.error_rows) == (ImportStatus.DONE, 1, 1)
    assert len(job.errors) == 1
    assert list(Customer.objects.values_list("name", flat=True)) == ["张三"]
