"""Writes of complaints (SVC-3): the complaint form and its steps, each by its role.

By product: quality test → (defect) compensation note → remake → closing; a test that
finds no defect goes straight to closing. By person: verification → (confirmed) discipline
→ apology → closing; a complaint not confirmed goes straight to closing. A step out of
order, or by someone without the step's permission, is refused with a message saying what
the complaint waits for, or who records the step. Closing answers the case (SVC-1).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from service.models import (
    Apology,
    Case,
    Compensation,
    Complaint,
    ComplaintCause,
    ComplaintState,
    ComplaintStep,
    DisciplineRecord,
    QualityResult,
    QualityTest,
    Remake,
    Verification,
)
from service.models.cases import CaseKind
from service.selectors.complaints import complaint_step_refusal
from service.services.cases import case_close_for_complaint, case_note_complaint

FIRST_STEP = {
    ComplaintCause.PRODUCT: ComplaintStep.QUALITY_TEST,
    ComplaintCause.PERSON: ComplaintStep.VERIFICATION,
}


def _text(value: str) -> str:
    return (value or "").strip()


@transaction.atomic
def complaint_open(
    *,
    case,
    by,
    cause: str,
    description: str,
    now: dt.datetime,
    product: str = "",
    employee=None,
    demand: str = "",
) -> Complaint:
    """SVC-3: the complaint form of a case. The case becomes a complaint case."""

    if not by.has_perm("service.add_complaint"):
        raise ValidationError(_("You may not register complaint forms."), "perm")
    case = Case.objects.select_for_update().get(pk=case.pk)
    if Complaint.objects.filter(case=case).exists():
        raise ValidationError(_("This case already has its complaint form."), "exists")
    product = " ".join(_text(product).split())
    errors = {}
    if cause not in ComplaintCause.values:
        errors["cause"] = _("Say whether a product or a person caused the complaint.")
    elif cause == ComplaintCause.PRODUCT and not product:
        errors["product"] = _("Name the product complained about.")
    if not _text(description):
        errors["description"] = _("Write what happened, in the customer's words.")
    if errors:
        raise ValidationError(errors)
    complaint = Complaint(
        case=case,
        cause=cause,
        product=product,
        employee=employee if cause == ComplaintCause.PERSON else None,
        description=_text(description),
        demand=_text(demand),
        state=ComplaintState.REGISTERED,
        next_step=FIRST_STEP[cause],
        opened_by=by,
        opened_at=now,
    )
    complaint.full_clean()
    complaint.save()
    changed = []
    if case.kind != CaseKind.COMPLAINT:
        case.kind = CaseKind.COMPLAINT
        changed.append("kind")
    if product and not case.product:
        case.product = product
        changed.append("product")
    if changed:
        case.save(update_fields=changed)
    case_note_complaint(case=case, by=by, now=now)
    return complaint


def _begin(*, complaint: Complaint, by, step: str) -> Complaint:
    """Lock the complaint; refuse a step by the wrong role or out of order."""
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if refusal := complaint_step_refusal(user=by, complaint=locked, step=step):
        raise ValidationError(refusal, "refused")
    return locked


def _advance(complaint: Complaint, *, state: str, next_step: str) -> Complaint:
    complaint.state = state
    complaint.next_step = next_step
    complaint.save(update_fields=["state", "next_step"])
    return complaint


def _save_step(record) -> None:
    """Save a step's record; a second one for the same complaint is refused, not a 500."""
    record.full_clean(exclude=["complaint"])
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as exc:  # two people recording the same step at once
        raise ValidationError(_("This step was recorded a moment ago."), "twice") from exc


def _not_future(day: dt.date | None, *, now: dt.datetime, field: str) -> None:
    if day is None:
        raise ValidationError({field: _("Give the date.")})
    if day > timezone.localdate(now):
        raise ValidationError({field: _("This date is in the future.")})


@transaction.atomic
def complaint_quality_test(
    *, complaint: Complaint, by, result: str, findings: str, now: dt.datetime
) -> Complaint:
    """The quality test form: a confirmed defect goes on to compensation, else to closing."""
    complaint = _begin(complaint=complaint, by=by, step=ComplaintStep.QUALITY_TEST)
    if not _text(findings):
        raise ValidationError({"findings": _("Write what the test found.")})
    _save_step(
        QualityTest(
            complaint=complaint,
            result=result,
            findings=_text(findings),
            recorded_by=by,
            recorded_at=now,
        )
    )
    following = (
        ComplaintStep.COMPENSATION if result == QualityResult.DEFECT else ComplaintStep.CLOSE
    )
    return _advance(complaint, state=ComplaintState.TESTED, next_step=following)


@transaction.atomic
def complaint_compensate(
    *, complaint: Complaint, by, amount: Decimal, note: str, now: dt.datetime
) -> Complaint:
    """Finance's compensation note, in yuan (0 when the remake is the whole compensation)."""
    complaint = _begin(complaint=complaint, by=by, step=ComplaintStep.COMPENSATION)
    if amount is None or amount < 0:
        raise ValidationError({"amount": _("Give the amount in yuan, 0 or more.")})
    _save_step(
        Compensation(
            complaint=complaint,
            amount=Decimal(amount).quantize(Decimal("0.01")),
            note=_text(note),
            recorded_by=by,
            recorded_at=now,
        )
    )
    return _advance(complaint, state=ComplaintState.COMPENSATED, next_step=ComplaintStep.REMAKE)


@transaction.atomic
def complaint_remake(
    *, complaint: Complaint, by, done_on: dt.date, note: str, now: dt.datetime
) -> Complaint:
    """Production has remade the product."""
    complaint = _begin(complaint=complaint, by=by, step=ComplaintStep.REMAKE)
    _not_future(done_on, now=now, field="done_on")
    _save_step(
        Remake(
            complaint=complaint, done_on=done_on, note=_text(note), recorded_by=by, recorded_at=now
        )
    )
    return _advance(complaint, state=ComplaintState.REMADE, next_step=ComplaintStep.CLOSE)


@transaction.atomic
def complaint_verify(
    *, complaint: Complaint, by, confirmed: bool, finding: str, now: dt.datetime
) -> Complaint:
    """A complaint about a person, verified: confirmed goes on to discipline, else closing."""
    complaint = _begin(complaint=complaint, by=by, step=ComplaintStep.VERIFICATION)
    if not _text(finding):
        raise ValidationError({"finding": _("Write what the verification found.")})
    _save_step(
        Verification(
            complaint=complaint,
            confirmed=bool(confirmed),
            finding=_text(finding),
            recorded_by=by,
            recorded_at=now,
        )
    )
    following = ComplaintStep.DISCIPLINE if confirmed else ComplaintStep.CLOSE
    return _advance(complaint, state=ComplaintState.VERIFIED, next_step=following)


@transaction.atomic
def complaint_discipline(
    *, complaint: Complaint, by, employee, measure: str, now: dt.datetime
) -> Complaint:
    """The employee's discipline record."""
    complaint = _begin(complaint=complaint, by=by, step=ComplaintStep.DISCIPLINE)
    errors = {}
    if employee is None:
        errors["employee"] = _("Choose the employee.")
    if not _text(measure):
        errors["measure"] = _("Write the measure taken.")
    if errors:
        raise ValidationError(errors)
    _save_step(
        DisciplineRecord(
            complaint=complaint,
            employee=employee,
            measure=_text(measure),
            recorded_by=by,
            recorded_at=now,
        )
    )
    return _advance(complaint, state=ComplaintState.DISCIPLINED, next_step=ComplaintStep.APOLOGY)


@transaction.atomic
def complaint_apology(
    *,
    complaint: Complaint,
    by,
    method: str,
    apologised_on: dt.date,
    note: str,
    now: dt.datetime,
) -> Complaint:
    """The customer received an apology: how and when."""
    complaint = _begin(complaint=complaint, by=by, step=ComplaintStep.APOLOGY)
    _not_future(apologised_on, now=now, field="apologised_on")
    _save_step(
        Apology(
            complaint=complaint,
            method=method,
            apologised_on=apologised_on,
            note=_text(note),
            recorded_by=by,
            recorded_at=now,
        )
    )
    return _advance(complaint, state=ComplaintState.APOLOGISED, next_step=ComplaintStep.CLOSE)


@transaction.atomic
def complaint_close(*, complaint: Complaint, by, outcome: str, now: dt.datetime) -> Complaint:
    """The complaint is settled; the outcome told to the customer answers its case."""
    complaint = _begin(complaint=complaint, by=by, step=ComplaintStep.CLOSE)
    outcome = _text(outcome)
    if not outcome:
        raise ValidationError({"outcome": _("Write the outcome told to the customer.")})
    complaint.state = ComplaintState.CLOSED
    complaint.next_step = ""
    complaint.outcome = outcome
    complaint.closed_by = by
    complaint.closed_at = now
    complaint.save(update_fields=["state", "next_step", "outcome", "closed_by", "closed_at"])
    case_close_for_complaint(case=complaint.case, by=by, outcome=outcome, now=now)
    return complaint
