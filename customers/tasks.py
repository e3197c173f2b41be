"""Task-queue entry points of the customers app: thin, load by id, call a service."""

from django.conf import settings
from django.utils import timezone, translation

from customers.models import ImportJob
from customers.services.imports.job import import_job_run, import_jobs_sweep


def import_run(job_id: int, language: str | None = None) -> None:
    """Import a large customer spreadsheet in the background (queued by the upload page).

    Safe to run twice: a finished job is left alone, a stopped one goes on where it stopped.
    `language` is the uploader's, so the error reasons read as the upload page did.
    """
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        return
    with translation.override(language or settings.LANGUAGE_CODE):
        import_job_run(job=job, now=timezone.now())


def import_sweep() -> None:
    """Every few minutes: jobs a killed worker left "importing" are queued again."""
    import_jobs_sweep(now=timezone.now())
