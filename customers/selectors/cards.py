"""Reads of company events and customer archive cards (CARD-1…10).

Who may see which card is decided here (`card_scope_for`); whether they may read its
content is CARD-9's question, answered by `customers.selectors.sealing.card_read_basis`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from crm.models import StaffStatus
from crm.selectors import team_members_for
from customers.models import (
    AccessRequest,
    ArchiveCard,
    Attendance,
    CardCheckout,
    CardIncident,
    CardStatus,
    Event,
)
from customers.selectors.customers import customer_search
from customers.selectors.scope import customer_scope_for

User = get_user_model()

# Who fills cards and visits customers: everyone who sells (reps and supervisors).
FILLER_PERMISSION = "customers.add_archivecard"
# Service doctors: keep cards in custody, check them out and back in (CARD-6, CARD-7).
CUSTODIAN_PERMISSION = "customers.keep_cards"
# Sales managers: collect submitted cards and see every card's movements (CARD-6).
COLLECTOR_PERMISSION = "customers.hand_over_cards"

# The card fields a rep fills (CARD-2), in the order of the paper form.
CARD_FIELDS = (
    "health_condition",
    "family_situation",
    "interests",
    "event_feedback",
    "purchase",
    "next_step",
)
# CARD-4: asked of a buyer only; a non-buyer's card leaves it empty.
BUYER_ONLY_FIELDS = ("purchase",)


def card_fields_for(*, buyer: bool) -> tuple[str, ...]:
    """The fields a card must have filled before it is submitted (CARD-4)."""
    if buyer:
        return CARD_FIELDS
    return tuple(name for name in CARD_FIELDS if name not in BUYER_ONLY_FIELDS)


def card_missing_fields(*, card: ArchiveCard) -> list[str]:
    """CARD-4: the required fields still empty (blank or only spaces), in form order."""
    return [
        name
        for name in card_fields_for(buyer=card.buyer)
        if not (getattr(card, name) or "").strip()
    ]


def card_content_rows(*, card: ArchiveCard) -> list[dict]:
    """The card's fields with their labels, in form order. Only for a reader with a basis
    (CARD-9): the caller has checked `card_read_basis` and logged the read when due."""
    asked = card_fields_for(buyer=card.buyer)
    return [
        {
            "name": name,
            "label": ArchiveCard._meta.get_field(name).verbose_name,
            "value": getattr(card, name),
            "asked": name in asked,
        }
        for name in CARD_FIELDS
    ]


# People ------------------------------------------------------------------------------


def _people_with(*perms: str) -> QuerySet:
    """Active employees who hold one of these permissions through their roles (one query)."""
    holders = Q(pk__in=[])
    for perm in perms:
        holders |= Q(
            pk__in=User.objects.with_perm(perm, is_active=True, include_superusers=False).values(
                "pk"
            )
        )
    return (
        User.objects.filter(holders)
        .exclude(staff__status=StaffStatus.LEFT)
        .order_by("last_name", "first_name", "username")
    )


def card_rep_choices() -> QuerySet:
    """Who may be made responsible for an attendee's card: everyone who sells."""
    return _people_with(FILLER_PERMISSION)


def card_custodian_choices() -> QuerySet:
    """The service doctors a sales manager may hand cards to (CARD-6)."""
    return _people_with(CUSTODIAN_PERMISSION)


def card_holder_choices(*, card: ArchiveCard) -> QuerySet:
    """Who may check a card out for a visit (CARD-7): reps, supervisors and other doctors."""
    return _people_with(FILLER_PERMISSION, CUSTODIAN_PERMISSION).exclude(pk=card.custodian_id)


# Events ------------------------------------------------------------------------------


def events_for(*, user) -> QuerySet[Event]:
    """Company events, newest first, with how many attended and how many cards wait."""
    if not user.has_perm("customers.view_event"):
        return Event.objects.none()
    return (
        Event.objects.select_related("organiser")
        .annotate(
            attendee_count=Count("attendances", distinct=True),
            draft_count=Count(
                "attendances",
                filter=Q(attendances__card__status=CardStatus.DRAFT),
                distinct=True,
            ),
        )
        .order_by("-held_on", "-pk")
    )


def event_get_for(*, user, pk) -> Event:
    """One event the user may see, or 404."""
    if not user.has_perm("customers.view_event"):
        raise Http404
    return get_object_or_404(Event.objects.select_related("organiser"), pk=pk)


def event_attendances_for(*, user, event: Event) -> QuerySet[Attendance]:
    """The attendees of an event whose customers the user may see (SEAL-2), with cards."""
    return (
        Attendance.objects.filter(
            event=event, customer__in=customer_scope_for(user=user).values("pk")
        )
        .select_related("customer", "rep", "card")
        .order_by("customer__name", "pk")
    )


def event_hidden_attendee_count(*, user, event: Event) -> int:
    """How many attendees of an event the user may not see (named by nobody on the page)."""
    total = Attendance.objects.filter(event=event).count()
    return total - event_attendances_for(user=user, event=event).count()


def event_customer_candidates(*, user, event: Event, q: str) -> QuerySet:
    """Customers the user may see, matching `q`, who are not yet on the event's list."""
    qs = customer_scope_for(user=user).exclude(attendances__event=event)
    return customer_search(qs=qs, q=q).select_related("ownership__owner").order_by("name", "pk")


# Which cards a user may see ----------------------------------------------------------


def card_scope_for(*, user) -> QuerySet[ArchiveCard]:
    """The cards whose page (metadata) a user may open.

    Sales and general managers: every card. Anyone else: the cards of customers they may
    see (SEAL-2), the cards they filled, hold in custody or have checked out, and the cards
    they asked to read. Reading the content is a separate question (CARD-9).
    """
    qs = ArchiveCard.objects.all()
    if not (user.is_authenticated and user.is_active):
        return qs.none()
    if user.has_perm("customers.view_all_customers") or user.has_perm(COLLECTOR_PERMISSION):
        return qs
    checked_out = CardCheckout.objects.filter(card=OuterRef("pk"), holder=user)
    asked = AccessRequest.objects.filter(card=OuterRef("pk"), requester=user)
    return qs.filter(
        Q(customer__in=customer_scope_for(user=user).values("pk"))
        | Q(rep=user)
        | Q(custodian=user)
        | Q(Exists(checked_out))
        | Q(Exists(asked))
    )


def card_get_for(*, user, pk) -> ArchiveCard:
    """One card the user may see, or 404 (even its existence stays hidden)."""
    qs = card_scope_for(user=user).select_related(
        "customer",
        "rep",
        "custodian",
        "handed_over_by",
        "attendance__event",
    )
    return get_object_or_404(qs, pk=pk)


def _open_checkouts() -> Prefetch:
    return Prefetch(
        "checkouts",
        queryset=CardCheckout.objects.filter(returned_at__isnull=True).select_related("holder"),
        to_attr="open_checkouts",
    )


_CARD_RELATED = ("customer", "rep", "attendance__event")


# A rep's cards (CARD-2, CARD-4, CARD-5) ----------------------------------------------

TAB_FILL = "fill"
TAB_SUBMITTED = "submitted"
TAB_HELD = "held"
MY_CARD_TABS = (TAB_FILL, TAB_SUBMITTED, TAB_HELD)


def cards_to_fill_for(*, user) -> QuerySet[ArchiveCard]:
    """The cards a rep still has to fill and submit, oldest event first."""
    return (
        ArchiveCard.objects.filter(rep=user, status=CardStatus.DRAFT)
        .select_related(*_CARD_RELATED)
        .order_by("attendance__event__held_on", "pk")
    )


def cards_submitted_by(*, user) -> QuerySet[ArchiveCard]:
    """The cards a rep has submitted (waiting for the manager, or with a doctor), newest first."""
    return (
        ArchiveCard.objects.filter(rep=user)
        .exclude(status=CardStatus.DRAFT)
        .select_related(*_CARD_RELATED, "custodian")
        .order_by("-submitted_at", "-pk")
    )


def checkouts_held_by(*, user) -> QuerySet[CardCheckout]:
    """A person's open check-outs (CARD-7), the earliest due first."""
    return (
        CardCheckout.objects.filter(holder=user, returned_at__isnull=True)
        .select_related("card__customer", "card__attendance__event", "card__custodian")
        .order_by("due_on", "checked_out_at", "pk")
    )


def my_card_counts(*, user) -> dict[str, int]:
    """How many cards are on each tab of "My cards" (one query)."""
    counts = ArchiveCard.objects.filter(rep=user).aggregate(
        fill=Count("pk", filter=Q(status=CardStatus.DRAFT)),
        submitted=Count("pk", filter=~Q(status=CardStatus.DRAFT)),
    )
    counts[TAB_HELD] = checkouts_held_by(user=user).count()
    return counts


def cards_to_fill_count(*, user) -> int:
    """For a rep's dashboard: cards still to fill and submit."""
    return ArchiveCard.objects.filter(rep=user, status=CardStatus.DRAFT).count()


# The sales manager's collection (CARD-6) ---------------------------------------------


def cards_waiting_for_handover() -> QuerySet[ArchiveCard]:
    """Submitted cards the sales manager has not yet handed to a doctor, oldest first."""
    return (
        ArchiveCard.objects.filter(status=CardStatus.SUBMITTED)
        .select_related(*_CARD_RELATED)
        .order_by("submitted_at", "pk")
    )


def cards_waiting_count() -> int:
    """For the sales manager's dashboard: submitted cards to hand over."""
    return ArchiveCard.objects.filter(status=CardStatus.SUBMITTED).count()


# A doctor's custody (CARD-6, CARD-7) -------------------------------------------------


def cards_in_custody_of(*, user, q: str = "") -> QuerySet[ArchiveCard]:
    """The cards in a doctor's custody, each with its open check-out, if any.

    `q` finds a customer by name, phone or pinyin.
    """
    qs = ArchiveCard.objects.filter(custodian=user, status=CardStatus.IN_CUSTODY)
    q = (q or "").strip()
    if q:
        customers = customer_search(qs=customer_scope_for(user=user), q=q)
        qs = qs.filter(customer__in=customers.values("pk"))
    return (
        qs.select_related(*_CARD_RELATED)
        .prefetch_related(_open_checkouts())
        .order_by("customer__name", "pk")
    )


def cards_in_custody_count(*, user) -> int:
    """For a service doctor's dashboard: how many cards they hold in custody."""
    return ArchiveCard.objects.filter(custodian=user, status=CardStatus.IN_CUSTODY).count()


def overdue_checkouts(*, today: dt.date, custodian=None) -> QuerySet[CardCheckout]:
    """CARD-7: open check-outs due before `today` (a local date), the longest overdue first.

    A card checked out today and due back today is overdue from tomorrow morning. Pass
    `custodian` for one doctor's cards; without it, every doctor's (the sales manager).
    """
    qs = CardCheckout.objects.filter(returned_at__isnull=True, due_on__lt=today)
    if custodian is not None:
        qs = qs.filter(card__custodian=custodian)
    return qs.select_related(
        "holder", "card__customer", "card__custodian", "card__attendance__event"
    ).order_by("due_on", "checked_out_at", "pk")


def overdue_checkouts_for(*, user, today: dt.date) -> QuerySet[CardCheckout]:
    """The overdue list a user sees: all for a sales manager, their own cards for a doctor."""
    if user.has_perm(COLLECTOR_PERMISSION):
        return overdue_checkouts(today=today)
    if user.has_perm(CUSTODIAN_PERMISSION):
        return overdue_checkouts(today=today, custodian=user)
    return CardCheckout.objects.none()


def checkout_get_for_custodian(*, user, pk) -> CardCheckout:
    """An open or closed check-out of a card in the user's custody, or 404."""
    qs = CardCheckout.objects.filter(card__custodian=user).select_related(
        "holder", "card__customer", "card__attendance__event"
    )
    return get_object_or_404(qs, pk=pk)


# A card's history --------------------------------------------------------------------


def card_checkouts(*, card: ArchiveCard) -> QuerySet[CardCheckout]:
    """The card's check-outs, the open one first, then newest first."""
    return (
        CardCheckout.objects.filter(card=card)
        .select_related("holder", "received_by")
        .order_by(F("returned_at").desc(nulls_first=True), "-checked_out_at", "-pk")
    )


def card_incidents(*, card: ArchiveCard) -> QuerySet[CardIncident]:
    return CardIncident.objects.filter(card=card).select_related("holder", "reported_by")


def card_incident_holder_choices(*, card: ArchiveCard) -> QuerySet:
    """Who may have held the card when it was lost or damaged: its rep, custodian, borrowers."""
    borrowers = CardCheckout.objects.filter(card=card).values("holder")
    return User.objects.filter(
        Q(pk=card.rep_id) | Q(pk=card.custodian_id) | Q(pk__in=borrowers)
    ).order_by("last_name", "first_name", "username")


def card_current_holder(*, card: ArchiveCard):
    """Who has the paper card now: the borrower, else the custodian, else the rep."""
    checkout = (
        CardCheckout.objects.filter(card=card, returned_at__isnull=True)
        .select_related("holder")
        .first()
    )
    if checkout is not None:
        return checkout.holder
    return card.custodian or card.rep


# Incidents (CARD-8) ------------------------------------------------------------------

INCIDENTS_OPEN = "open"
INCIDENTS_ALL = "all"


def incidents_for(*, user, show: str = INCIDENTS_OPEN) -> QuerySet[CardIncident]:
    """Card incidents for the sales manager: open ones (card not restored) first by default."""
    if not user.has_perm("customers.change_cardincident"):
        return CardIncident.objects.none()
    qs = CardIncident.objects.select_related(
        "holder", "reported_by", "card__customer", "card__attendance__event"
    )
    if show != INCIDENTS_ALL:
        qs = qs.filter(restored_at__isnull=True)
    return qs.order_by("-reported_at", "-pk")


def incident_get_for(*, user, pk) -> CardIncident:
    """One incident the user may act on: a sales manager any, a doctor those of their cards."""
    qs = CardIncident.objects.select_related("card__customer", "card__attendance__event", "holder")
    if not user.has_perm("customers.change_cardincident"):
        if not user.has_perm("customers.add_cardincident"):
            raise Http404
        qs = qs.filter(Q(card__custodian=user) | Q(reported_by=user))
    return get_object_or_404(qs, pk=pk)


def incidents_open_count() -> int:
    """For the sales manager's dashboard: incidents whose card is not yet restored."""
    return CardIncident.objects.filter(restored_at__isnull=True).count()


# The cards a person holds (CARD-10, HAND-1) ------------------------------------------

HELD_CUSTODY = "custody"
HELD_CHECKOUT = "checkout"


def cards_held_by(*, user) -> QuerySet[ArchiveCard]:
    """Every card a person holds: in custody (a doctor) or on an open check-out (anyone).

    HAND-1: an employee cannot leave while this is not empty. Each card carries `held_as`
    ("custody" or "checkout") and, for a check-out, `due_on`.
    """
    open_checkout = CardCheckout.objects.filter(
        card=OuterRef("pk"), holder=user, returned_at__isnull=True
    )
    return (
        ArchiveCard.objects.filter(
            Q(custodian=user, status=CardStatus.IN_CUSTODY) | Q(Exists(open_checkout))
        )
        .annotate(
            due_on=Subquery(open_checkout.values("due_on")[:1]),
            held_as=Case(
                When(Exists(open_checkout), then=Value(HELD_CHECKOUT)),
                default=Value(HELD_CUSTODY),
            ),
        )
        .select_related("customer", "attendance__event", "custodian")
        .order_by("due_on", "customer__name", "pk")
    )


def staff_cards_person_for(*, viewer, user_id: int) -> User:
    """The person whose held cards `viewer` may see, or 404.

    The person themselves, whoever sees them on the team page (their supervisor, managers
    who lead them, whoever sees every team), and the sales manager (hand_over_cards).
    """
    person = get_object_or_404(User, pk=user_id)
    if person.pk == viewer.pk or viewer.has_perm(COLLECTOR_PERMISSION):
        return person
    if team_members_for(user=viewer).filter(user_id=person.pk).exists():
        return person
    raise Http404


# Why a card is late, in words (CARD-3, CARD-5) ---------------------------------------


@dataclass(frozen=True)
class LateNote:
    rule: str
    text: str


def _day(iso: str | None) -> str:
    if not iso:
        return "—"
    try:
        return formats.date_format(dt.date.fromisoformat(iso), "DATE_FORMAT")
    except ValueError:
        return iso


def _due_text(*, days: int, facts: dict) -> str:
    if days == 0:
        return _("due the day of the event (%(event)s)") % {"event": _day(facts.get("event_date"))}
    if days == 1:
        return _("due the day after the event (%(due)s)") % {"due": _day(facts.get("due_on"))}
    return ngettext(
        "due %(days)s day after the event, by %(due)s",
        "due %(days)s days after the event, by %(due)s",
        days,
    ) % {"days": days, "due": _day(facts.get("due_on"))}


def card_late_notes(*, card: ArchiveCard) -> list[LateNote]:
    """The reasons a card was flagged late, from the rule and numbers stored with the flag."""
    notes = []
    lateness = card.lateness or {}
    fill = lateness.get("CARD-3")
    if card.filled_late and isinstance(fill, dict):
        due = _due_text(days=int(fill.get("fill_days") or 0), facts=fill)
        notes.append(
            LateNote(
                "CARD-3",
                _("Filled late: %(due)s; filled on %(on)s.")
                % {"due": due, "on": _day(fill.get("filled_on"))},
            )
        )
    submit = lateness.get("CARD-5")
    if card.submitted_late and isinstance(submit, dict):
        due = _due_text(days=int(submit.get("submit_days") or 0), facts=submit)
        notes.append(
            LateNote(
                "CARD-5",
                _("Submitted late: %(due)s; submitted on %(on)s.")
                % {"due": due, "on": _day(submit.get("submitted_on"))},
            )
        )
    return notes
