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
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_q.tasks import async_task

from crm.parameters import param
from customers.forms.imports import ImportRowForm, import_row_context
from customers.models import (
    ImportJob,
    ImportStatus,
)
from customers.services.imports.reading import (
    SpreadsheetError,
    spreadsheet_count_rows,
    spreadsheet_open,
    spreadsheet_unpacked_size,
    unpacked_limit,
)
from customers.services.imports.rows import (
    CHUNK_SIZE,
    Overtaken,
    RunState,
    error_entry,
    write_chunk,
)

logger = logging.getLogger(__name__)


def import_job_start(
    *, upload, total_rows: int | None, by, now: dt.datetime, language: str | None = None
) -> ImportJob:
    """Save an uploaded (already validated) file as a job and import it.

    Small files are imported at once; files with more rows than
    `customer.import_background_rows` (total_rows None: the upload form stopped counting)
    are queued for the task worker after the job is committed, which counts and limits
    their rows; the job page follows their progress.
    """
    suffix = Path(upload.name).suffix.lower()
    job = ImportJob(
        original_name=Path(upload.name).name[:255], uploaded_by=by, total_rows=total_rows or 0
    )
    upload.seek(0)
    # A random stored name: the original name (kept on the job) may be anything.
    job.file.save(f"{uuid.uuid4().hex}{suffix}", upload, save=False)
    job.save()
    if total_rows is None or total_rows > param("customer.import_background_rows"):
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
    ).update(status=ImportStatus.RUNNING, progress_at=timezone.now())
    if not claimed:
        job.refresh_from_db()
        return job
    try:
        _check_size(job_id=job.pk)
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


def import_jobs_sweep(*, now: dt.datetime) -> list[int]:
    """Queue again the jobs a dead worker left waiting or "importing" (issue 13, item 6).

    A job whose last progress (claim or committed chunk) is older than
    `customer.import_stale_minutes` has no live run: a live one commits a chunk every few
    seconds. Running it again is safe: it goes on after the last committed chunk, and a
    run that is overtaken by another stops (Overtaken), so no row is written twice.
    Conditional update: two sweepers at once queue a job once.
    """
    stale = now - dt.timedelta(minutes=param("customer.import_stale_minutes"))
    ids = list(
        ImportJob.objects.filter(
            status__in=[ImportStatus.PENDING, ImportStatus.RUNNING], created_at__lt=stale
        )
        .filter(Q(progress_at__lt=stale) | Q(progress_at__isnull=True))
        .values_list("pk", flat=True)
    )
    queued = []
    for pk in ids:
        # Mark it as seen now, so the next sweep does not queue it again meanwhile.
        if (
            ImportJob.objects.filter(pk=pk, status__in=[ImportStatus.PENDING, ImportStatus.RUNNING])
            .filter(Q(progress_at__lt=stale) | Q(progress_at__isnull=True))
            .update(progress_at=now)
        ):
            async_task("customers.tasks.import_run", pk)
            queued.append(pk)
    return queued


def _check_size(*, job_id: int) -> None:
    """In the worker, before the first row is written: the file's unpacked size and its
    rows within the limits (`customer.import_max_unpacked_mb`, `customer.import_max_rows`);
    the rows are counted once, so the progress bar knows its end."""
    job = ImportJob.objects.get(pk=job_id)
    if job.processed_rows:
        return  # checked when the job started; a resumed run goes on
    with job.file.open("rb") as fileobj:
        if spreadsheet_unpacked_size(fileobj=fileobj, name=job.file.name) > unpacked_limit():
            raise SpreadsheetError(
                _("The file unpacks to more than %(mb)s MB.")
                % {"mb": param("customer.import_max_unpacked_mb")}
            )
        most = param("customer.import_max_rows")
        rows = spreadsheet_count_rows(fileobj=fileobj, name=job.file.name, limit=most)
    if rows > most:
        raise SpreadsheetError(
            _("The file has more than %(rows)s rows; split it into smaller files.") % {"rows": most}
        )
    ImportJob.objects.filter(pk=job_id).update(total_rows=rows)


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
