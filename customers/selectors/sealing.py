"""Reads of sealed-record access (SEAL-1)."""

from __future__ import annotations

import datetime as dt

from customers.models import AccessRequest, AccessStatus


def active_grant_for(*, user, now: dt.datetime, survey=None, card=None) -> AccessRequest | None:
    """The approval under which `user` may read this sealed survey or card now, if any.

    An approval is for one person, one record and a limited time.
    """
    if (survey is None) == (card is None):
        raise ValueError("name exactly one record: a survey or a card")
    return (
        AccessRequest.objects.filter(
            requester=user,
            status=AccessStatus.APPROVED,
            valid_until__gt=now,
            survey=survey,
            card=card,
        )
        .order_by("-valid_until")
        .first()
    )
