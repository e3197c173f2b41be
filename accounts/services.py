"""Writes of the sign-in and security part: lifting a lock-out, logging a download."""

from __future__ import annotations

import datetime as dt
import logging

from axes.models import AccessAttempt
from django.shortcuts import get_object_or_404

from accounts.models import DocumentDownload

log = logging.getLogger("crm.security")


def lock_release(*, pk: int, by) -> AccessAttempt:
    """SEC-4: an admin lifts one lock-out (that account from that address) before it ends."""
    attempt = get_object_or_404(AccessAttempt, pk=pk)
    log.warning(
        "lock-out lifted: username=%r address=%s by=%s",
        attempt.username,
        attempt.ip_address,
        by.get_username(),
    )
    attempt.delete()
    return attempt


def document_download_log(
    *, user, document, name: str, customer_id: int | None, address: str, now: dt.datetime
) -> DocumentDownload:
    """Issue 13, item 7: every document handed out is logged (who, which, when, where)."""
    row = DocumentDownload.objects.create(
        user=user,
        username=user.get_username(),
        document=f"{document._meta.label_lower}:{document.pk}",
        name=name[:255],
        customer_id=customer_id,
        ip_address=address or None,
        at=now,
    )
    log.info("document downloaded: %s by=%s", row.document, row.username)
    return row
