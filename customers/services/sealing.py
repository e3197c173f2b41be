"""Writes of sealed-record access (SEAL-1): requests, decisions, and the log of every read."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from crm.parameters import param
from customers.models import (
    AccessRequest,
    AccessStatus,
    ArchiveCard,
    ReadLog,
    Survey,
    SurveyStatus,
)
from customers.selectors.sealing import (
    BASIS_APPROVAL,
    BASIS_VISIT,
    active_grant_for,
    card_read_basis,
)


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


@transaction.atomic
def access_request_create(
    *, user, reason: str, now: dt.datetime, survey: Survey | None = None, card=None
) -> AccessRequest:
    """Ask a general manager to read one sealed survey, or one card outside a visit.

    The reason is required. One request per person and record waits at a time.
    """
    if (survey is None) == (card is None):
        raise ValueError("name exactly one record: a survey or a card")
    if not user.has_perm("customers.add_accessrequest"):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you need to read this record.")})
    # Lock the record so that two clicks cannot file two waiting requests.
    if survey is not None:
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.status != SurveyStatus.SEALED:
            raise ValidationError(_("Only a sealed survey needs an access request."))
    else:
        card = ArchiveCard.objects.select_for_update().get(pk=card.pk)
    waiting = AccessRequest.objects.filter(
        requester=user, survey=survey, card=card, status=AccessStatus.PENDING
    )
    if waiting.exists():
        raise ValidationError(
            _("You already asked to read this record; a general manager has not decided yet.")
        )
    access_request = AccessRequest(
        requester=user, survey=survey, card=card, reason=reason, requested_at=now
    )
    access_request._history_user = user
    access_request.full_clean()
    access_request.save()
    return access_request


@transaction.atomic
def access_request_decide(
    *,
    access_request: AccessRequest,
    by,
    approve: bool,
    now: dt.datetime,
    hours: int | None = None,
    note: str = "",
) -> AccessRequest:
    """A general manager approves or rejects a request, once.

    An approval is for the requester only, for the one record, for `hours` hours (default
    and maximum: param "seal.access_hours"). A rejection needs a note. Nobody decides
    their own request.
    """
    if not by.has_perm("customers.approve_access"):
        raise PermissionDenied
    locked = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    if locked.status != AccessStatus.PENDING:
        raise ValidationError(_("This request has already been decided."))
    if locked.requester_id == by.pk:
        raise ValidationError(
            _("You cannot decide your own request; another general manager must.")
        )
    note = (note or "").strip()
    if approve:
        limit = param("seal.access_hours")
        hours = limit if hours is None else hours
        if not 1 <= hours <= limit:
            raise ValidationError(
                {
                    "hours": _("Between 1 and %(limit)s hours.") % {"limit": limit},
                }
            )
        locked.status = AccessStatus.APPROVED
        locked.valid_until = now + dt.timedelta(hours=hours)
    else:
        if not note:
            raise ValidationError({"note": _("Say why the request is rejected.")})
        locked.status = AccessStatus.REJECTED
    locked.decided_by = by
    locked.decided_at = now
    locked.decision_note = note
    locked._history_user = by
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def sealed_survey_read(*, user, survey: Survey, now: dt.datetime) -> ReadLog | None:
    """Open a sealed survey's answers: only under an approval in force, and logged.

    Returns the log entry of this read, or None when `user` holds no valid approval
    (the collector included, INTAKE-6).
    """
    grant = active_grant_for(user=user, survey=survey, now=now)
    if grant is None:
        return None
    return sealed_read_record(user=user, now=now, basis=BASIS_APPROVAL, survey=survey, grant=grant)


@transaction.atomic
def sealed_card_read(
    *, user, card: ArchiveCard, now: dt.datetime
) -> tuple[str | None, ReadLog | None]:
    """Open a card's content (CARD-9): the basis, and the log entry when one is due.

    Reads during a visit (open check-out) and under an approval are logged; the author
    and the custodian read their own cards without a log entry. (None, None): refused.
    """
    basis = card_read_basis(user=user, card=card, now=now)
    if basis not in (BASIS_VISIT, BASIS_APPROVAL):
        return basis, None
    grant = active_grant_for(user=user, card=card, now=now) if basis == BASIS_APPROVAL else None
    log = sealed_read_record(user=user, now=now, basis=basis, card=card, grant=grant)
    return basis, log
