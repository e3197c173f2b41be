"""Writes of company events and customer archive cards (CARD-1…8).

Every automatic flag (a card filled or submitted late) stores the rule and the numbers
that caused it in `card.lateness`, so the card page can say why.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from crm.parameters import param
from crm.selectors import person_name
from crm.templatetags.crm import yuan
from customers.models import (
    ArchiveCard,
    Attendance,
    CardCheckout,
    CardIncident,
    CardStatus,
    Customer,
    Event,
)
from customers.selectors.cards import (
    COLLECTOR_PERMISSION,
    CUSTODIAN_PERMISSION,
    FILLER_PERMISSION,
    card_fields_for,
    card_missing_fields,
)
from visits.services import visit_tasks_follow_custody, visit_tasks_for_card

EVENT_FIELDS = ("kind", "name", "held_on", "location")


def _saved(obj, *, by):
    obj._history_user = by
    obj.full_clean()
    obj.save()
    return obj


# Events and attendance (CARD-1) ------------------------------------------------------


def event_create(*, by, kind: str, name: str, held_on: dt.date, location: str = "") -> Event:
    if not by.has_perm("customers.add_event"):
        raise PermissionDenied
    event = Event(kind=kind, name=name.strip(), held_on=held_on, location=location.strip())
    event.organiser = by
    return _saved(event, by=by)


def event_update(*, event: Event, by, **changes) -> Event:
    """Change an event's kind, name, date or place.

    Late flags already recorded keep the event date they were judged by (it is stored
    with them); only cards filled or submitted afterwards use the new date.
    """
    if not by.has_perm("customers.change_event"):
        raise PermissionDenied
    for name, value in changes.items():
        if name not in EVENT_FIELDS:
            raise ValueError(f"not an event field: {name}")
        setattr(event, name, value.strip() if isinstance(value, str) else value)
    return _saved(event, by=by)


@transaction.atomic
def attendance_add(
    *, event: Event, customer: Customer, rep, bought: bool, by, now: dt.datetime
) -> Attendance:
    """Record that a customer attended an event, and make their archive card at once.

    CARD-1: every attendee gets a card, buyer or not; it starts as a draft for the
    responsible rep to fill (CARD-2). A customer attends an event once.
    """
    if not by.has_perm("customers.change_event"):
        raise PermissionDenied
    if not (rep.is_active and rep.has_perm(FILLER_PERMISSION)):
        raise ValidationError({"rep": _("Choose a rep who fills archive cards.")})
    # Lock the event so that two clicks add the customer once, with one card.
    Event.objects.select_for_update().filter(pk=event.pk).first()
    if Attendance.objects.filter(event=event, customer=customer).exists():
        raise ValidationError(
            {"customer": _("%(name)s is already on this event's list.") % {"name": customer.name}}
        )
    attendance = Attendance(event=event, customer=customer, rep=rep, bought=bought)
    try:
        with transaction.atomic():
            _saved(attendance, by=by)
    except IntegrityError as error:
        raise ValidationError(
            {"customer": _("%(name)s is already on this event's list.") % {"name": customer.name}}
        ) from error
    card = ArchiveCard(
        attendance=attendance,
        customer=customer,
        rep=rep,
        buyer=bought,
        status=CardStatus.DRAFT,
    )
    _saved(card, by=by)
    visit_tasks_for_card(card=card, now=now)  # VISIT-1…3: its visits are due at once
    return attendance


# Filling and submitting a card (CARD-2…5) --------------------------------------------


def _late_by(*, rule: str, days_key: str, days: int, event_date: dt.date, on: dt.date) -> dict:
    due = event_date + dt.timedelta(days=days)
    if on <= due:
        return {}
    return {
        rule: {
            days_key: days,
            "event_date": event_date.isoformat(),
            "due_on": due.isoformat(),
            ("filled_on" if rule == "CARD-3" else "submitted_on"): on.isoformat(),
        }
    }


@transaction.atomic
def card_save(
    *, card: ArchiveCard, by, values: dict[str, str], submit: bool, now: dt.datetime
) -> ArchiveCard:
    """The rep saves a card as a draft, or submits it to the sales manager.

    - Only the card's rep, only while it is a draft (once submitted, the manager has it).
    - The first time every field is filled, `filled_at` is recorded and CARD-3 judged:
      filled on a local date after the event + param("card.fill_days") is late.
    - Submitting needs every field filled (CARD-4; "what was bought" of a buyer only) and
      is late after the event + param("card.submit_days") (CARD-5).
    """
    if card.rep_id != by.pk or not by.has_perm("customers.change_archivecard"):
        raise PermissionDenied
    card = (
        ArchiveCard.objects.select_for_update().select_related("attendance__event").get(pk=card.pk)
    )
    if card.status != CardStatus.DRAFT:
        raise ValidationError(_("This card has been submitted; it can no longer be changed."))
    allowed = card_fields_for(buyer=card.buyer)
    for name, value in values.items():
        if name in allowed:
            setattr(card, name, (value or "").strip())
    missing = card_missing_fields(card=card)
    event_date = card.attendance.event.held_on
    today = timezone.localdate(now)
    lateness = dict(card.lateness or {})
    if not missing and card.filled_at is None:
        card.filled_at = now
        late = _late_by(
            rule="CARD-3",
            days_key="fill_days",
            days=param("card.fill_days"),
            event_date=event_date,
            on=today,
        )
        card.filled_late = bool(late)
        lateness.update(late)
    if submit:
        if missing:
            raise ValidationError(
                {name: _("Fill this in before you submit the card.") for name in missing}
            )
        late = _late_by(
            rule="CARD-5",
            days_key="submit_days",
            days=param("card.submit_days"),
            event_date=event_date,
            on=today,
        )
        card.submitted_late = bool(late)
        lateness.update(late)
        card.status = CardStatus.SUBMITTED
        card.submitted_at = now
    card.lateness = lateness
    return _saved(card, by=by)


# The sales manager hands cards to a doctor (CARD-6) ----------------------------------


@transaction.atomic
def cards_hand_over(*, card_ids: list[int], doctor, by, now: dt.datetime) -> int:
    """Hand submitted cards to a service doctor's custody, all of them or none."""
    if not by.has_perm(COLLECTOR_PERMISSION):
        raise PermissionDenied
    if not (doctor.is_active and doctor.has_perm(CUSTODIAN_PERMISSION)):
        raise ValidationError({"doctor": _("Choose a service doctor who keeps cards.")})
    wanted = set(card_ids)
    if not wanted:
        raise ValidationError({"cards": _("Select the cards to hand over.")})
    cards = list(
        ArchiveCard.objects.select_for_update()
        .filter(pk__in=wanted, status=CardStatus.SUBMITTED)
        .order_by("pk")
    )
    gone = len(wanted) - len(cards)
    if gone:
        raise ValidationError(
            {
                "cards": ngettext(
                    "%(count)s selected card is no longer waiting (someone handed it over "
                    "already). Nothing was handed over; check the list and try again.",
                    "%(count)s selected cards are no longer waiting (someone handed them over "
                    "already). Nothing was handed over; check the list and try again.",
                    gone,
                )
                % {"count": gone}
            }
        )
    for card in cards:
        card.status = CardStatus.IN_CUSTODY
        card.custodian = doctor
        card.handed_over_at = now
        card.handed_over_by = by
        _saved(card, by=by)
    visit_tasks_follow_custody(card_ids=[card.pk for card in cards])  # doctor visits (VISIT-3)
    return len(cards)


# Check-out and return (CARD-7) -------------------------------------------------------


def _already_out(checkout: CardCheckout) -> ValidationError:
    return ValidationError(
        _(
            "This card is already checked out to %(holder)s (due back %(due)s). "
            "It must be returned before it is checked out again."
        )
        % {
            "holder": person_name(checkout.holder),
            "due": date_format(checkout.due_on, "DATE_FORMAT"),
        }
    )


@transaction.atomic
def card_check_out(
    *, card: ArchiveCard, holder, by, now: dt.datetime, purpose: str = ""
) -> CardCheckout:
    """The custodian lends a card to a rep for a visit, due back param("card.return_days")
    days after today (0: the same day). One open check-out per card."""
    if not by.has_perm(CUSTODIAN_PERMISSION):
        raise PermissionDenied
    card = ArchiveCard.objects.select_for_update().get(pk=card.pk)
    if card.custodian_id != by.pk or card.status != CardStatus.IN_CUSTODY:
        raise ValidationError(_("Only the doctor who holds the card in custody can check it out."))
    if not holder.is_active or holder.pk == by.pk:
        raise ValidationError({"holder": _("Choose the person who takes the card for a visit.")})
    open_checkout = (
        CardCheckout.objects.filter(card=card, returned_at__isnull=True)
        .select_related("holder")
        .first()
    )
    if open_checkout is not None:
        raise _already_out(open_checkout)
    checkout = CardCheckout(
        card=card,
        holder=holder,
        checked_out_at=now,
        due_on=timezone.localdate(now) + dt.timedelta(days=param("card.return_days")),
        purpose=(purpose or "").strip(),
    )
    checkout._history_user = by
    try:
        with transaction.atomic():
            checkout.save()
    except IntegrityError as error:
        # Another check-out won the race; the database's one_open_checkout_per_card held.
        other = (
            CardCheckout.objects.filter(card=card, returned_at__isnull=True)
            .select_related("holder")
            .first()
        )
        if other is None:
            raise
        raise _already_out(other) from error
    return checkout


@transaction.atomic
def card_return(*, checkout: CardCheckout, by, now: dt.datetime) -> CardCheckout:
    """The custodian records that the card came back (the doctor receives the paper card)."""
    if not by.has_perm(CUSTODIAN_PERMISSION):
        raise PermissionDenied
    checkout = CardCheckout.objects.select_for_update().select_related("card").get(pk=checkout.pk)
    if checkout.card.custodian_id != by.pk:
        raise ValidationError(
            _("Only the doctor who holds the card in custody records its return.")
        )
    if checkout.returned_at is not None:
        raise ValidationError(_("This card has already been returned."))
    checkout.returned_at = now
    checkout.received_by = by
    return _saved(checkout, by=by)


# Incidents (CARD-8) ------------------------------------------------------------------


def _fine_range() -> tuple[Decimal, Decimal]:
    return Decimal(param("card.fine_min")), Decimal(param("card.fine_max"))


def fine_range_error() -> str:
    low, high = _fine_range()
    return _("The fine is between %(min)s and %(max)s.") % {
        "min": yuan(low),
        "max": yuan(high),
    }


def _check_fine(fine: Decimal) -> None:
    low, high = _fine_range()
    if fine is None or not (low <= fine <= high):
        raise ValidationError({"fine": fine_range_error()})


@transaction.atomic
def incident_report(
    *,
    card: ArchiveCard,
    kind: str,
    holder,
    description: str,
    by,
    now: dt.datetime,
    fine: Decimal | None = None,
) -> CardIncident:
    """A doctor or sales manager reports a lost, damaged or incomplete card.

    The fine is set by a sales manager (change_cardincident), in the range of CARD-8;
    a doctor's report leaves it at 0 ("not set yet") for the manager.
    """
    if not by.has_perm("customers.add_cardincident"):
        raise PermissionDenied
    if fine is not None:
        if not by.has_perm("customers.change_cardincident"):
            raise PermissionDenied
        _check_fine(fine)
    incident = CardIncident(
        card=card,
        kind=kind,
        holder=holder,
        description=(description or "").strip(),
        fine=fine if fine is not None else Decimal("0"),
        reported_by=by,
        reported_at=now,
    )
    return _saved(incident, by=by)


@transaction.atomic
def incident_set_fine(*, incident: CardIncident, fine: Decimal, by) -> CardIncident:
    """The sales manager sets (or corrects) the holder's fine, within CARD-8's range."""
    if not by.has_perm("customers.change_cardincident"):
        raise PermissionDenied
    _check_fine(fine)
    incident = CardIncident.objects.select_for_update().get(pk=incident.pk)
    incident.fine = fine
    return _saved(incident, by=by)


@transaction.atomic
def incident_mark_restored(*, incident: CardIncident, by, now: dt.datetime) -> CardIncident:
    """The holder restored the card; the doctor or the sales manager records it, once."""
    if not (
        by.has_perm("customers.change_cardincident") or by.has_perm("customers.add_cardincident")
    ):
        raise PermissionDenied
    incident = CardIncident.objects.select_for_update().get(pk=incident.pk)
    if incident.restored_at is not None:
        raise ValidationError(_("This card was already marked as restored."))
    incident.restored_at = now
    return _saved(incident, by=by)
