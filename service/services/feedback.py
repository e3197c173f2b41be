"""Writes of feedback (SVC-2) and improvement reports (SVC-2, SVC-3)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from service.models import (
    Feedback,
    FeedbackAbout,
    ImprovementAction,
    ImprovementReport,
)
from service.selectors.complaints import complaints_opened
from service.selectors.feedback import bad_points


def _text(value: str) -> str:
    return (value or "").strip()


@transaction.atomic
def feedback_record(
    *,
    by,
    now: dt.datetime,
    about: str,
    rating: str,
    text: str,
    product: str = "",
    tags=(),
    customer=None,
    case=None,
) -> Feedback:
    """SVC-2: what a customer said of a product or of the sales approach, good or bad."""
    if not by.has_perm("service.add_feedback"):
        raise ValidationError(_("You may not record feedback."), "perm")
    product = " ".join(_text(product).split())
    errors = {}
    if about == FeedbackAbout.PRODUCT and not product:
        errors["product"] = _("Name the product the feedback is about.")
    if not _text(text):
        errors["text"] = _("Write what the customer said.")
    if errors:
        raise ValidationError(errors)
    if case is not None and customer is None:
        customer = case.customer
    feedback = Feedback(
        customer=customer,
        case=case,
        about=about,
        product=product if about == FeedbackAbout.PRODUCT else "",
        rating=rating,
        text=_text(text),
        recorded_by=by,
        recorded_at=now,
    )
    feedback.full_clean()
    feedback.save()
    feedback.tags.set(tags)
    return feedback


@dataclass(frozen=True)
class ActionInput:
    text: str
    department: object = None
    due_on: dt.date | None = None


@transaction.atomic
def improvement_report_create(
    *,
    by,
    now: dt.datetime,
    period_start: dt.date,
    period_end: dt.date,
    title: str,
    summary: str,
    actions: list[ActionInput],
) -> ImprovementReport:
    """An improvement report on a period: it links every bad point (SVC-2) and every
    complaint (SVC-3) registered in the period, with the actions decided."""
    if not by.has_perm("service.add_improvementreport"):
        raise ValidationError(_("Only managers write improvement reports."), "perm")
    errors = {}
    if period_end < period_start:
        errors["period_end"] = _("The period ends before it starts.")
    if not _text(title):
        errors["title"] = _("Give the report a title.")
    if not _text(summary):
        errors["summary"] = _("Write what the bad points and complaints show.")
    actions = [a for a in actions if _text(a.text)]
    if not actions:
        errors["__all__"] = _("Write at least one improvement action.")
    if errors:
        raise ValidationError(errors)
    report = ImprovementReport(
        period_start=period_start,
        period_end=period_end,
        title=_text(title),
        summary=_text(summary),
        written_by=by,
        written_at=now,
    )
    report.full_clean()
    report.save()
    report.feedback.set(bad_points(start=period_start, end=period_end))
    report.complaints.set(complaints_opened(start=period_start, end=period_end))
    for action in actions:  # a few rows; saved one by one so their history starts
        ImprovementAction.objects.create(
            report=report,
            text=_text(action.text),
            department=action.department,
            due_on=action.due_on,
        )
    return report
