"""Writes of cases (SVC-1, first-contact responsibility 首问负责制).

Whoever receives the customer logs the case and owns it: they answer it, or route it to a
department once they have told the customer why it cannot be solved on the spot and by
when it will be. A case is never refused (there is no such state) and never closed
without the answer recorded. Every step is an event of the case's timeline.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from customers.names import normalize_phone
from customers.selectors.customers import customer_duplicates
from service.models import Case, CaseEvent, CaseEventKind, CaseStatus, Department
from service.selectors.cases import (
    case_act_refusal,
    case_default_expected_on,
    case_expected_latest,
)


def _text(value: str) -> str:
    return (value or "").strip()


def _linked_customer(*, phone: str):
    """The one customer whose phone (or a contact's) is the caller's; None if none or several."""

    if len(phone) < 7:
        return None
    found = list(customer_duplicates(phone=phone)[:2])
    return found[0] if len(found) == 1 else None


@transaction.atomic
def case_log(
    *,
    by,
    now: dt.datetime,
    channel: str,
    kind: str,
    subject: str,
    description: str = "",
    product: str = "",
    customer=None,
    caller_name: str = "",
    caller_phone: str = "",
    answer: str = "",
) -> Case:
    """SVC-1: `by` received a customer's call, visit, question or complaint and owns it.

    A caller named by phone alone is linked to the one customer with that phone, so the
    customer's owner sees the case too. The case is due by SVC-1's default
    (`service.answer_days`) until it is routed with the date the customer was told. An
    answer given on the spot closes the case at once.
    """
    if not by.has_perm("service.add_case"):
        raise ValidationError(_("You may not log service cases."), "perm")
    caller_name, caller_phone = " ".join(_text(caller_name).split()), normalize_phone(caller_phone)
    if customer is None and not (caller_name and caller_phone):
        raise ValidationError(
            {"caller_name": _("Choose the customer, or enter the caller's name and phone.")}
        )
    if not _text(subject):
        raise ValidationError({"subject": _("Write in a few words what the case is about.")})
    today = timezone.localdate(now)
    expected_on, params = case_default_expected_on(today=today)
    if customer is None:
        customer = _linked_customer(phone=caller_phone)
        if customer is not None:
            params["linked_by_phone"] = caller_phone
    case = Case(
        customer=customer,
        caller_name=caller_name,
        caller_phone=caller_phone,
        channel=channel,
        kind=kind,
        subject=" ".join(_text(subject).split()),
        description=_text(description),
        product=" ".join(_text(product).split()),
        received_by=by,
        received_at=now,
        status=CaseStatus.OPEN,
        expected_on=expected_on,
        expected_params=params,
    )
    case.full_clean()
    case.save()
    CaseEvent.objects.create(
        case=case, kind=CaseEventKind.RECEIVED, by=by, at=now, expected_on=expected_on, rule="SVC-1"
    )
    if _text(answer):
        _close(case=case, by=by, answer=answer, now=now, rule="SVC-1")
    return case


def _locked(case: Case) -> Case:
    """The case row, locked until the transaction ends, with what the checks read."""
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("received_by", "department")
        .get(pk=case.pk)
    )


@transaction.atomic
def case_route(
    *,
    case: Case,
    by,
    department: Department,
    expected_on: dt.date,
    reason: str,
    customer_told: bool,
    now: dt.datetime,
) -> Case:
    """SVC-1: the case cannot be solved on the spot; it goes to `department`.

    Only once the customer was told why and by when (`expected_on`, at most
    `service.expected_max_days` ahead). Records from whom, to which department and when.
    """
    case = _locked(case)
    if refusal := case_act_refusal(user=by, case=case):
        raise ValidationError(refusal, "refused")
    errors = {}
    if department is None or not department.is_active:
        errors["department"] = _("Choose an active department.")
    elif department.pk == case.department_id:
        errors["department"] = _("The case is already with this department.")
    today = timezone.localdate(now)
    latest = case_expected_latest(today=today)
    if expected_on is None:
        errors["expected_on"] = _("Give the date the customer was told.")
    elif expected_on < today:
        errors["expected_on"] = _("The date the customer was told cannot be in the past.")
    elif expected_on > latest:
        errors["expected_on"] = _("Promise an answer by %(date)s at the latest.") % {
            "date": date_format(latest, "DATE_FORMAT")
        }
    if not _text(reason):
        errors["reason"] = _("Write why it could not be solved on the spot.")
    if not customer_told:
        errors["customer_told"] = _("Tell the customer why and by when before routing the case.")
    if errors:
        raise ValidationError(errors)
    from_department = case.department
    case.status = CaseStatus.ROUTED
    case.department = department
    case.expected_on = expected_on
    case.expected_params = {}
    case.full_clean()
    case.save(update_fields=["status", "department", "expected_on", "expected_params"])
    CaseEvent.objects.create(
        case=case,
        kind=CaseEventKind.ROUTED,
        by=by,
        at=now,
        from_department=from_department,
        to_department=department,
        expected_on=expected_on,
        note=_text(reason),
        rule="SVC-1",
    )
    return case


@transaction.atomic
def case_answer(*, case: Case, by, answer: str, now: dt.datetime) -> Case:
    """SVC-1: the answer given to the customer, which closes the case."""
    case = _locked(case)
    if refusal := case_act_refusal(user=by, case=case):
        raise ValidationError(refusal, "refused")
    return _close(case=case, by=by, answer=answer, now=now, rule="SVC-1")


def _close(*, case: Case, by, answer: str, now: dt.datetime, rule: str, note: str = "") -> Case:
    answer = _text(answer)
    if not answer:
        raise ValidationError(
            {
                "answer": _(
                    "Write the answer given to the customer: a case is closed only with its answer."
                )
            }
        )
    case.status = CaseStatus.CLOSED
    case.answer = answer
    case.answered_by = by
    case.answered_at = now
    case.full_clean()
    case.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    CaseEvent.objects.create(
        case=case, kind=CaseEventKind.ANSWERED, by=by, at=now, note=note or answer, rule=rule
    )
    return case


def case_close_for_complaint(*, case: Case, by, outcome: str, now: dt.datetime) -> None:
    """SVC-3: closing a complaint answers its case with the outcome, if still open."""
    case = _locked(case)
    if case.status != CaseStatus.CLOSED:
        _close(case=case, by=by, answer=outcome, now=now, rule="SVC-3")


def case_note_complaint(*, case: Case, by, now: dt.datetime) -> None:
    """The timeline shows when the complaint form was opened, and by whom."""
    CaseEvent.objects.create(case=case, kind=CaseEventKind.COMPLAINT, by=by, at=now, rule="SVC-3")
