"""The import job (INTAKE-8): a saved upload imported at once or by the task worker,
in chunks, each validated by `ImportRowForm` and written in one transaction with the job's
counters, so the progress page is always true and an interrupted job resumes where it
stopped. Safe to repeat.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import uuid
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_q.tasks import async_task

from crm.parameters import param
from customers.forms.imports import ImportRowForm, import_row_context
from customers.models import (
    ImportJob,
    ImportStatus,
)
from customers.services.imports.reading import SpreadsheetError, spreadsheet_open
from customers.services.imports.rows import (
    CHUNK_SIZE,
    Overtaken,
    RunState,
    error_entry,
    write_chunk,
)

logger = logging.getLogger(__name__)


def import_job_start(
    *, upload, total_rows: int, by, now: dt.datetime, language: str | None = None
) -> ImportJob:
    """Save an uploaded (already validated) file as a job and import it.

    Small files are imported at once; files with more rows than
    `customer.import_background_rows` are queued for the task worker after the job is
    committed, and the job page follows their progress.
    """
    suffix = Path(upload.name).suffix.lower()
    job = ImportJob(
        original_name=Path(upload.name).name[:255], uploaded_by=by, total_rows=total_rows
    )
    upload.seek(0)
    # A random stored name: the original name (kept on the job) may be anything.
    job.file.save(f"{uuid.uuid4().hex}{suffix}", upload, save=False)
    job.save()
    if total_rows > param("customer.import_background_rows"):
        language = language or translation.get_language()
        transaction.on_commit(
            lambda: async_task("customers.tasks.import_run", job.pk, language=language)
        )
        return job
    return import_job_run(job=job, now=now)


def import_job_run(*, job: ImportJob, now: dt.datetime) -> ImportJob:
    """Import a job's rows. Safe to repeat: a finished job is left alone, and a job that
    stopped half way goes on after the last chunk it committed."""
    claimed = ImportJob.objects.filter(
        pk=job.pk, status__in=[ImportStatus.PENDING, ImportStatus.RUNNING]
    ).update(status=ImportStatus.RUNNING)
    if not claimed:
        job.refresh_from_db()
        return job
    try:
        finished = _import_rows(job_id=job.pk, now=now)
    except SpreadsheetError as exc:
        _job_fail(job_id=job.pk, message=str(exc))
    except Exception:
        # The job must never hang at "importing": say it failed, keep the traceback in logs.
        logger.exception("Import job %s failed", job.pk)
        _job_fail(job_id=job.pk, message=_("The import stopped because of an unexpected error."))
    else:
        if finished:
            ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING).update(
                status=ImportStatus.DONE, finished_at=timezone.now()
            )
    job.refresh_from_db()
    return job


def _job_fail(*, job_id: int, message: str) -> None:
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportStatus.FAILED, message=message, finished_at=timezone.now()
    )


def _import_rows(*, job_id: int, now: dt.datetime) -> bool:
    job = ImportJob.objects.select_related("uploaded_by").get(pk=job_id)
    state = RunState(
        job_id=job.pk,
        by=job.uploaded_by,
        now=now,
        context=import_row_context(today=timezone.localdate(now)),
    )
    with (
        job.file.open("rb") as fileobj,
        spreadsheet_open(fileobj=fileobj, name=job.file.name) as sheet,
    ):
        rows = itertools.islice(sheet.rows(), job.processed_rows, None)
        start = job.processed_rows
        for chunk in itertools.batched(rows, CHUNK_SIZE):
            try:
                _import_chunk(state=state, chunk=chunk, start=start)
            except Overtaken:
                return False
            start += len(chunk)
    ImportJob.objects.filter(pk=job_id, total_rows__lt=start).update(total_rows=start)
    return True


def _import_chunk(*, state: RunState, chunk: tuple, start: int) -> None:
    valid, errors = [], []
    for number, values in chunk:
        form = ImportRowForm(data=values, **state.context)
        if form.is_valid():
            valid.append((number, form.cleaned_data))
        else:
            errors.append(error_entry(number, values, form.errors.as_data()))
    # Two writers may add the same key at once; the loser retries once, finding it then.
    for attempt in (1, 2):
        seen = dict(state.seen)
        try:
            with transaction.atomic():
                write_chunk(
                    state=state,
                    seen=seen,
                    valid=valid,
                    errors=list(errors),
                    start=start,
                    size=len(chunk),
                )
        except IntegrityError:
            if attempt == 2:
                raise
        else:
            state.seen = seen
            return
