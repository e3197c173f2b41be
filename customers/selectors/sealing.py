"""Reads of sealed records and approved access (SEAL-1, INTAKE-6, INTAKE-7, CARD-9).

A sealed survey is stored, not read: lists and metadata pages use the selectors below,
which never touch answers. Answers leave the database only through
`survey_answers_for_display`, which the read page calls after `active_grant_for` found an
approval and the read was logged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.formats import localize
from django.utils.translation import gettext as _

from customers.models import (
    AccessRequest,
    AccessStatus,
    Answer,
    ArchiveCard,
    CardCheckout,
    CardStatus,
    Customer,
    Question,
    QuestionKind,
    ReadLog,
    Survey,
    SurveyStatus,
)
from customers.selectors.customers import customer_search
from customers.selectors.scope import customer_scope_for

User = get_user_model()

# Why someone may read a card's content (card_read_basis); "visit" and "approval" reads
# are logged with this word as the ReadLog basis.
BASIS_AUTHOR = "author"
BASIS_CUSTODIAN = "custodian"
BASIS_VISIT = "visit"
BASIS_APPROVAL = "approval"

# What a request looks like to its requester.
STATE_PENDING = "pending"
STATE_ACTIVE = "active"
STATE_EXPIRED = "expired"
STATE_REJECTED = "rejected"

# Related rows every page that names a request's record needs, in one query.
_RECORD_RELATED = (
    "survey__customer",
    "survey__template",
    "survey__campaign",
    "survey__collector",
    "card__customer",
    "card__attendance__event",
    "card__rep",
)


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
        .select_related("decided_by")
        .order_by("-valid_until")
        .first()
    )


def expired_grant_for(*, user, now: dt.datetime, survey=None, card=None) -> AccessRequest | None:
    """The latest approval of `user` for this record that has run out, if any."""
    if (survey is None) == (card is None):
        raise ValueError("name exactly one record: a survey or a card")
    return (
        AccessRequest.objects.filter(
            requester=user,
            status=AccessStatus.APPROVED,
            valid_until__lte=now,
            survey=survey,
            card=card,
        )
        .order_by("-valid_until")
        .first()
    )


def access_request_state(*, access_request: AccessRequest, now: dt.datetime) -> str:
    """pending, active (approved and still valid), expired or rejected."""
    if access_request.status == AccessStatus.PENDING:
        return STATE_PENDING
    if access_request.status == AccessStatus.REJECTED:
        return STATE_REJECTED
    if access_request.valid_until and access_request.valid_until > now:
        return STATE_ACTIVE
    return STATE_EXPIRED


# --- The sealed archive (INTAKE-6): metadata only -------------------------------------


def sealed_surveys_for(*, user, q: str = "") -> QuerySet[Survey]:
    """The sealed surveys in `user`'s custody, newest seal first; never their answers.

    `q` finds a customer by name (or its pinyin) or a paper form by its serial number.
    """
    if not user.has_perm("customers.keep_sealed_surveys"):
        return Survey.objects.none()
    qs = Survey.objects.filter(status=SurveyStatus.SEALED, custodian=user)
    q = (q or "").strip()
    if q:
        customers = customer_search(qs=Customer.objects.all(), q=q)
        qs = qs.filter(Q(customer__in=customers.values("pk")) | Q(paper_serial__icontains=q))
    return qs.select_related("customer", "collector", "template", "campaign").order_by(
        "-sealed_at", "-pk"
    )


def sealed_survey_get_for(*, user, pk) -> Survey:
    """One sealed survey whose metadata `user` may see, or 404.

    The custodian (keep_sealed_surveys) and the approvers see every sealed survey; anyone
    else the sealed surveys of the customers they may see (SEAL-2), and those they have
    asked to read.
    """
    qs = Survey.objects.filter(status=SurveyStatus.SEALED).select_related(
        "customer", "collector", "template", "campaign", "custodian"
    )
    if not (
        user.has_perm("customers.keep_sealed_surveys") or user.has_perm("customers.approve_access")
    ):
        asked = AccessRequest.objects.filter(survey=OuterRef("pk"), requester=user)
        qs = qs.filter(
            Q(customer__in=customer_scope_for(user=user).values("pk")) | Q(Exists(asked))
        )
    return get_object_or_404(qs, pk=pk)


def card_get_for_access(*, user, pk) -> ArchiveCard:
    """An archive card `user` may ask to read (or read), or 404.

    Its customer must be one they may see (SEAL-2), or the card is theirs as author,
    custodian or requester; otherwise even its existence stays hidden.
    """
    asked = AccessRequest.objects.filter(card=OuterRef("pk"), requester=user)
    qs = ArchiveCard.objects.select_related("customer", "attendance__event", "rep").filter(
        Q(customer__in=customer_scope_for(user=user).values("pk"))
        | Q(rep=user)
        | Q(custodian=user)
        | Q(Exists(asked))
    )
    return get_object_or_404(qs, pk=pk)


# --- CARD-9: who may read a card's content -------------------------------------------


def card_read_basis(*, user, card: ArchiveCard, now: dt.datetime) -> str | None:
    """Why `user` may read this card's content now, or None (they need an approval).

    - "author": the rep who filled it, while it is not yet in a doctor's custody;
    - "custodian": the service doctor who holds it (CARD-6);
    - "visit": the holder of an open check-out (CARD-7); such a read must be logged;
    - "approval": a general manager's approval in force (SEAL-1); must be logged.
    """
    if not (user.is_authenticated and user.is_active):
        return None
    in_custody = card.custodian_id is not None or card.status == CardStatus.IN_CUSTODY
    if card.rep_id == user.pk and not in_custody:
        return BASIS_AUTHOR
    if card.custodian_id is not None and card.custodian_id == user.pk:
        return BASIS_CUSTODIAN
    open_checkout = CardCheckout.objects.filter(
        card=card, holder=user, returned_at__isnull=True, checked_out_at__lte=now
    )
    if open_checkout.exists():
        return BASIS_VISIT
    if active_grant_for(user=user, card=card, now=now) is not None:
        return BASIS_APPROVAL
    return None


# --- Access requests (SEAL-1) ---------------------------------------------------------


def access_requests_for(*, user) -> QuerySet[AccessRequest]:
    """The requests `user` made, newest first, with the record each one names."""
    return (
        AccessRequest.objects.filter(requester=user)
        .select_related(*_RECORD_RELATED, "decided_by")
        .order_by("-requested_at", "-pk")
    )


def access_requests_pending() -> QuerySet[AccessRequest]:
    """Requests waiting for a general manager, oldest first."""
    return (
        AccessRequest.objects.filter(status=AccessStatus.PENDING)
        .select_related(*_RECORD_RELATED, "requester")
        .order_by("requested_at", "pk")
    )


def access_pending_count() -> int:
    """How many requests wait for a general manager (the GM dashboard's approvals panel)."""
    return AccessRequest.objects.filter(status=AccessStatus.PENDING).count()


def access_requests_on(*, user, survey=None, card=None) -> QuerySet[AccessRequest]:
    """`user`'s own requests for one record, newest first."""
    return AccessRequest.objects.filter(requester=user, survey=survey, card=card).order_by(
        "-requested_at", "-pk"
    )


# --- The read log (SEAL-1) ------------------------------------------------------------


def read_log_for(
    *, reader=None, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> QuerySet[ReadLog]:
    """Every sealed read, newest first; dates are local (Asia/Shanghai) calendar days."""
    qs = ReadLog.objects.select_related(
        "reader",
        "survey__customer",
        "survey__template",
        "card__customer",
        "card__attendance__event",
        "access_request__decided_by",
    )
    if reader is not None:
        qs = qs.filter(reader=reader)
    if date_from is not None:
        qs = qs.filter(read_at__date__gte=date_from)
    if date_to is not None:
        qs = qs.filter(read_at__date__lte=date_to)
    return qs.order_by("-read_at", "-pk")


def read_log_readers() -> QuerySet:
    """The people who appear in the read log (the log's person filter)."""
    return User.objects.filter(pk__in=ReadLog.objects.values("reader")).order_by(
        "last_name", "first_name", "username"
    )


# --- Reading a sealed survey ----------------------------------------------------------


@dataclass(frozen=True)
class AnswerRow:
    """One question and its answer, ready for a template.

    `value` is None when unanswered; else a str (text, number, single choice), a date,
    a bool (yes/no) or a list of str (multiple choice).
    """

    label: str
    kind: str
    value: Any


def _shown(question: Question, raw: Any, choices: dict[int, str]) -> Any:
    if raw is None or raw == "" or raw == []:
        return None
    kind = question.kind
    if kind == QuestionKind.DATE:
        try:
            return dt.date.fromisoformat(str(raw))
        except ValueError:
            return str(raw)
    if kind == QuestionKind.YES_NO:
        return bool(raw)
    if kind == QuestionKind.NUMBER:
        return localize(raw) if isinstance(raw, int | float) else str(raw)
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        ids = raw if isinstance(raw, list) else [raw]
        labels = [choices.get(_as_int(i), _("(a choice since removed)")) for i in ids]
        return labels if kind == QuestionKind.MULTIPLE else labels[0]
    return str(raw)


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def survey_answers_for_display(*, survey: Survey) -> list[AnswerRow]:
    """The survey's questions in order with their answers rendered by kind.

    Only for the read page of a granted, logged read (SEAL-1). Three queries.
    """
    answered = Answer.objects.filter(survey=survey, question=OuterRef("pk"))
    questions = (
        Question.objects.filter(Q(template_id=survey.template_id) | Q(Exists(answered)))
        .prefetch_related("choices")
        .order_by("order", "pk")
    )
    values = dict(Answer.objects.filter(survey=survey).values_list("question_id", "value"))
    rows = []
    for question in questions:
        choices = {choice.pk: choice.label for choice in question.choices.all()}
        rows.append(
            AnswerRow(
                label=question.label,
                kind=question.kind,
                value=_shown(question, values.get(question.pk), choices),
            )
        )
    return rows
