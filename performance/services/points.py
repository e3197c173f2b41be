"""Writes of point events (PERF-2): recording one for someone a person leads, voiding one.

Events are never deleted or edited: a mistaken one is voided with a reason, and stops
counting. A closed month is frozen (PERF-1): nothing is recorded into it or voided in it.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.models import StaffProfile
from performance.models import PointEvent, PointItem
from performance.months import month_of
from performance.selectors.points import (
    RECORD_PERMISSION,
    month_is_closed,
    points_may_record,
    points_may_void,
)


def _month_closed_error(day: dt.date) -> str:
    return _(
        "%(month)s is closed: its statements are frozen. Only days of an open month can be changed."
    ) % {"month": day.strftime("%Y-%m")}


def _lock_employee(employee) -> None:
    """Serialise with the monthly close, which locks every profile before it counts."""
    StaffProfile.objects.select_for_update().filter(user=employee).first()


@transaction.atomic
def point_event_record(
    *, employee, item: PointItem, date: dt.date, note: str = "", by, now: dt.datetime
) -> PointEvent:
    """PERF-2: record an item of the catalogue for an employee the recorder leads.

    The item's points, fine and names are copied onto the event, so a later change of the
    catalogue never rewrites it.
    """
    if not by.has_perm(RECORD_PERMISSION):
        raise PermissionDenied
    errors = {}
    if not points_may_record(user=by, employee=employee):
        errors["employee"] = _("You can only record points for the people you lead.")
    if not item.active:
        errors["item"] = _("This item is no longer in use; choose another.")
    if date > timezone.localdate(now):
        errors["date"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    _lock_employee(employee)
    if month_is_closed(month=month_of(date)):
        raise ValidationError({"date": _month_closed_error(date)})
    event = PointEvent(
        employee=employee,
        item=item,
        date=date,
        note=note.strip(),
        item_name_zh=item.name_zh,
        item_name_en=item.name_en,
        points=item.points,
        fine=item.fine,
        recorded_by=by,
        recorded_at=now,
    )
    event.full_clean()
    event._history_user = by
    event._change_reason = "PERF-2"
    event.save()
    return event


@transaction.atomic
def point_event_void(*, event_id: int, reason: str, by, now: dt.datetime) -> PointEvent:
    """A mistaken event stops counting; the reason, who and when are kept with it."""
    event = PointEvent.objects.select_related("employee").get(pk=event_id)
    if not points_may_void(user=by, employee=event.employee):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this event is voided.")})
    _lock_employee(event.employee)
    event = PointEvent.objects.select_for_update().get(pk=event_id)
    if event.voided_at is not None:
        raise ValidationError(_("This event was already voided."))
    if month_is_closed(month=month_of(event.date)):
        raise ValidationError(_month_closed_error(event.date))
    event.voided_at = now
    event.voided_by = by
    event.void_reason = reason.strip()
    event._history_user = by
    event._change_reason = "voided"
    event.save(update_fields=["voided_at", "voided_by", "void_reason"])
    return event
