"""Writes of sealed-record access (SEAL-1): every read is logged."""

from __future__ import annotations

import datetime as dt

from customers.models import AccessRequest, ReadLog


def sealed_read_record(
    *,
    user,
    now: dt.datetime,
    basis: str,
    survey=None,
    card=None,
    grant: AccessRequest | None = None,
) -> ReadLog:
    """Log one read of a sealed survey or card: who, when, which record, on what basis.

    `basis` is "approval" (a general manager's approval, SEAL-1) or "visit" (a card read
    by its holder during a check-out for a visit, CARD-7).
    """
    return ReadLog.objects.create(
        reader=user, read_at=now, basis=basis, survey=survey, card=card, access_request=grant
    )
