"""Task-queue entry points: thin wrappers that call a service with the current time."""

import logging

from django.utils import timezone
from django.utils.module_loading import import_string

from crm import services
from crm.schedules import NIGHT

logger = logging.getLogger(__name__)


def heartbeat() -> None:
    services.heartbeat_record(now=timezone.now())


def night() -> dict[str, object]:
    """The night's jobs (crm.schedules.NIGHT), one after another in this one task.

    A step that fails is logged and the next one still runs: each stands on its own, and a
    night on yesterday's tiers or without tonight's figures is better than no expiry at all.
    The task then fails naming the step, so it shows among the failed tasks and the queue
    runs the night again later (every step is safe to repeat).
    """
    results: dict[str, object] = {}
    failed = []
    for path in NIGHT:
        try:
            results[path] = import_string(path)()
        except Exception:
            logger.exception("The night's step %s failed; the night goes on.", path)
            failed.append(path)
    if failed:
        raise RuntimeError(f"The night's steps {', '.join(failed)} failed (results: {results})")
    return results
