"""Logging visits (VISIT-5, VISIT-6, CARD-7) and planning them by hand (VISIT-3, VISIT-4).

A visit record is never changed or deleted: a correction is a new record pointing at the
one it corrects. Logging a visit closes the visitor's matching task, late when the visit
was after the due date, and may plan the next one.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.parameters import param
from customers.models import CardCheckout, Customer
from visits.models import (
    TaskSource,
    TaskStatus,
    Visitor,
    VisitRecord,
    VisitTask,
)
from visits.selectors import board_people_for
from visits.services.generation import holiday_shift

LOG_PERMISSION = "visits.add_visitrecord"
PLAN_PERMISSION = "visits.add_visittask"
DOCTOR_PERMISSION = "customers.keep_cards"
SELLS_PERMISSION = "customers.add_survey"
# The fields of VISIT-6 a record holds (besides the customer, the visitor and the task).
RECORD_FIELDS = (
    "method",
    "visited_at",
    "met_whom",
    "discussed",
    "needs",
    "service_opinion",
    "problems",
    "next_step",
)
REQUIRED_TEXT = ("met_whom", "discussed", "next_step")
# A phone's clock may run a little ahead of the server's.
CLOCK_SLACK = dt.timedelta(minutes=5)


def visitor_kind(user) -> str:
    """A service doctor who does not sell visits as a doctor; everyone else as a rep."""
    if user.has_perm(DOCTOR_PERMISSION) and not user.has_perm(SELLS_PERMISSION):
        return Visitor.DOCTOR
    return Visitor.REP


def _clean_values(values: dict, *, now: dt.datetime) -> dict:
    cleaned = {name: values.get(name) for name in RECORD_FIELDS}
    for name in RECORD_FIELDS:
        if isinstance(cleaned[name], str):
            cleaned[name] = cleaned[name].strip()
    errors = {}
    for name in REQUIRED_TEXT:
        if not cleaned[name]:
            errors[name] = _("Write this down: every visit records it.")
    when = cleaned["visited_at"]
    if when is None:
        errors["visited_at"] = _("When did the visit take place?")
    elif when > now + CLOCK_SLACK:
        errors["visited_at"] = _("A visit cannot be logged before it happens.")
    if errors:
        raise ValidationError(errors)
    for name in ("needs", "service_opinion", "problems"):
        cleaned[name] = cleaned[name] or ""
    return cleaned


def _matching_task(*, customer: Customer, by, visited_on: dt.date) -> VisitTask | None:
    """The visitor's open task for the customer that the visit answers: the earliest one due
    by `visit.early_days` after the visit day (a visit a few days early still counts)."""
    latest_due = visited_on + dt.timedelta(days=param("visit.early_days"))
    return (
        VisitTask.objects.select_for_update()
        .filter(customer=customer, assignee=by, status=TaskStatus.OPEN, due_on__lte=latest_due)
        .order_by("due_on", "pk")
        .first()
    )


def _task_close(*, task: VisitTask, by, visited_at: dt.datetime) -> None:
    task.status = TaskStatus.DONE
    task.done_at = visited_at
    task.done_late = timezone.localdate(visited_at) > task.due_on
    task._history_user = by
    task.save(update_fields=["status", "done_at", "done_late"])


def _open_checkout(*, customer: Customer, by) -> CardCheckout | None:
    """CARD-7: the card of this customer the visitor has checked out and not yet returned."""
    return (
        CardCheckout.objects.filter(holder=by, returned_at__isnull=True, card__customer=customer)
        .order_by("-checked_out_at", "-pk")
        .first()
    )


def _adhoc(
    *,
    customer: Customer,
    assignee,
    visitor: str,
    due_on: dt.date,
    by,
    now: dt.datetime,
    purpose: str = "",
    planned_method: str = "",
    from_record: VisitRecord | None = None,
) -> VisitTask:
    """An ad-hoc task; a day in the holiday calendar moves to the working day before."""
    due = holiday_shift(day=due_on, today=timezone.localdate(now))
    task = VisitTask(
        customer=customer,
        assignee=assignee,
        visitor=visitor,
        source=TaskSource.ADHOC,
        due_on=due,
        moved_from=due_on if due != due_on else None,
        purpose=(purpose or "").strip()[:300],
        planned_method=planned_method or "",
        created_at=now,
        created_by=by,
        from_record=from_record,
    )
    task._history_user = by
    task.full_clean()
    task.save()
    return task


@transaction.atomic
def visit_record_log(
    *,
    customer: Customer,
    by,
    now: dt.datetime,
    values: dict,
    task: VisitTask | None = None,
    next_on: dt.date | None = None,
) -> VisitRecord:
    """Log a visit (VISIT-6) and close the task it answers (late if after the due date).

    `task` is the task the visitor logs from (their own, open); without it, the visitor's
    earliest open task for the customer due by `visit.early_days` after the visit closes.
    A card of the customer the visitor has checked out records the visit (CARD-7).
    `next_on` plans the next visit for the visitor (an ad-hoc task, VISIT-4).
    """
    if not by.has_perm(LOG_PERMISSION):
        raise PermissionDenied
    cleaned = _clean_values(values, now=now)
    visited_on = timezone.localdate(cleaned["visited_at"])
    if next_on is not None and next_on <= max(visited_on, timezone.localdate(now)):
        raise ValidationError({"next_on": _("The next visit comes after this one: a later day.")})
    if task is not None:
        task = VisitTask.objects.select_for_update().get(pk=task.pk)
        if task.assignee_id != by.pk or task.customer_id != customer.pk:
            raise PermissionDenied
        if task.status != TaskStatus.OPEN:
            raise ValidationError(
                _("This visit was already closed (%(status)s). Log it from the customer's page.")
                % {"status": task.get_status_display()}
            )
    else:
        task = _matching_task(customer=customer, by=by, visited_on=visited_on)
    record = VisitRecord(
        customer=customer,
        author=by,
        task=task,
        checkout=_open_checkout(customer=customer, by=by),
        next_on=next_on,
        recorded_at=now,
        **cleaned,
    )
    record.full_clean()
    record.save()
    if task is not None:
        _task_close(task=task, by=by, visited_at=cleaned["visited_at"])
    if next_on is not None:
        _adhoc(
            customer=customer,
            assignee=by,
            visitor=task.visitor if task is not None else visitor_kind(by),
            due_on=next_on,
            by=by,
            now=now,
            purpose=cleaned["next_step"],
            from_record=record,
        )
    return record


@transaction.atomic
def visit_record_correct(*, record: VisitRecord, by, now: dt.datetime, values: dict) -> VisitRecord:
    """VISIT-6: a correction is a new record pointing at the old one; the old one stays.

    Only the visitor corrects their own record, and only its latest version. The task it
    closed stays closed as it was; the planned next visit is not moved.
    """
    if record.author_id != by.pk or not by.has_perm(LOG_PERMISSION):
        raise PermissionDenied
    record = VisitRecord.objects.select_for_update().get(pk=record.pk)
    later = VisitRecord.objects.filter(corrects=record).select_related("author").first()
    if later is not None:
        raise ValidationError(_("This record was already corrected; correct the latest version."))
    cleaned = _clean_values(values, now=now)
    correction = VisitRecord(
        customer_id=record.customer_id,
        author=by,
        task_id=record.task_id,
        checkout_id=record.checkout_id,
        corrects=record,
        next_on=record.next_on,
        recorded_at=now,
        **cleaned,
    )
    correction.full_clean(exclude=["corrects"])
    try:
        with transaction.atomic():
            correction.save()
    except IntegrityError as error:
        raise ValidationError(
            _("This record was already corrected; correct the latest version.")
        ) from error
    return correction


def plan_assignees(*, user, customer: Customer):
    """Who `user` may plan a visit for (VISIT-4): themselves; a rep they supervise who owns
    the customer; any active service doctor (VISIT-3: a doctor visits a non-buyer when a
    rep or a manager asks)."""

    User = get_user_model()
    allowed = Q(pk=user.pk)
    owner_id = getattr(getattr(customer, "ownership", None), "owner_id", None)
    supervised = board_people_for(user=user).filter(pk=owner_id)
    if owner_id and owner_id != user.pk and supervised.exists():
        allowed |= Q(pk=owner_id)
    doctors = Q(groups__permissions__codename="keep_cards") | Q(
        user_permissions__codename="keep_cards"
    )
    allowed |= doctors
    return (
        User.objects.filter(is_active=True)
        .filter(allowed)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


@transaction.atomic
def visit_task_plan(
    *,
    customer: Customer,
    by,
    assignee,
    due_on: dt.date,
    now: dt.datetime,
    purpose: str = "",
    planned_method: str = "",
) -> VisitTask:
    """VISIT-4: a rep or a manager plans a visit by hand (a task with no rule)."""
    if not by.has_perm(PLAN_PERMISSION):
        raise PermissionDenied
    if not plan_assignees(user=by, customer=customer).filter(pk=assignee.pk).exists():
        raise ValidationError({"assignee": _("Choose yourself, the customer's rep or a doctor.")})
    if due_on < timezone.localdate(now):
        raise ValidationError({"due_on": _("Choose today or a later day.")})
    if not (purpose or "").strip():
        raise ValidationError({"purpose": _("Say what the visit is for.")})
    return _adhoc(
        customer=customer,
        assignee=assignee,
        visitor=visitor_kind(assignee),
        due_on=due_on,
        by=by,
        now=now,
        purpose=purpose,
        planned_method=planned_method,
    )
