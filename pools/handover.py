"""Handover of a leaver's customers and cards (HAND-1…3, CARD-10): selectors and services.

Reads first (who has something to hand over, what is left, who may receive), then the
writes: marking someone as leaving, redistributing or transferring customers, moving cards
in a doctor's custody, and marking the person as left once nothing is left.

Who may manage whom (issue 13, item 5): every page and write here reaches only the people
below the actor in the hierarchy (crm.selectors.staff_managed_by: a manager the people of
their department, nobody but an admin the general manager or an admin); anyone else
answers 404, as a missing person does.

Decisions:
- The even split gives each customer to the receiver who owns the fewest customers at that
  moment (current customers plus those already proposed), ties by name: receivers who own
  little catch up first, and equal receivers get equal shares.
- A leaver's commission is withheld from "leaving" until "left"; marking them left releases
  it (commission_withheld = False), recorded in the profile's history with HAND-1.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from crm.models import StaffProfile, StaffStatus
from crm.selectors import person_name, staff_managed_by, staff_may_manage
from crm.sms import sms_send
from customers.models import ArchiveCard, CardCheckout, CardStatus, Customer
from customers.selectors.cards import cards_held_by
from deals.selectors import receivables_for
from pools.models import Ownership, OwnershipReason
from pools.services import ownership_set
from visits.services import visit_tasks_follow_custody

User = get_user_model()

# Who receives customers: everyone who sells (INTAKE-1).
RECEIVER_PERMISSION = "customers.add_survey"
# Who keeps cards in custody (CARD-6): service doctors.
CUSTODIAN_PERMISSION = "customers.keep_cards"
# Who may see a leaver's page: sales managers (and the general manager) ...
VIEW_PERMISSIONS = ("customers.view_all_customers", "crm.view_team_members")
# ... admins who keep the staff profiles (they deactivate logins) ...
ADMIN_PERMISSION = "crm.change_staffprofile"
# ... and who may act on it: the sales manager, who assigns customers and collects cards.
MANAGE_PERMISSIONS = (*VIEW_PERMISSIONS, "customers.assign_survey", "customers.hand_over_cards")

SMS_PURPOSE = "handover"
ZERO = Decimal("0.00")


# Who may do what -----------------------------------------------------------------------


def handover_can_view(*, user) -> bool:
    """Sales managers (and the general manager), and admins who keep the staff profiles."""
    return user.is_superuser or user.has_perms(VIEW_PERMISSIONS) or user.has_perm(ADMIN_PERMISSION)


def handover_can_manage(*, user) -> bool:
    return user.is_superuser or user.has_perms(MANAGE_PERMISSIONS)


# Reads ---------------------------------------------------------------------------------


def _owned_count() -> Subquery:
    owned = (
        Ownership.objects.filter(owner=OuterRef("pk"))
        .order_by()
        .values("owner")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(owned, output_field=IntegerField()), Value(0))


def _cards_count() -> Subquery:
    """Cards a person holds: in custody, or on an open check-out (as cards_held_by)."""
    custody = (
        ArchiveCard.objects.filter(custodian=OuterRef("pk"), status=CardStatus.IN_CUSTODY)
        .order_by()
        .values("custodian")
        .annotate(n=Count("pk"))
        .values("n")
    )
    out = (
        CardCheckout.objects.filter(holder=OuterRef("pk"), returned_at__isnull=True)
        .exclude(card__custodian=OuterRef("pk"), card__status=CardStatus.IN_CUSTODY)
        .order_by()
        .values("holder")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(custody, output_field=IntegerField()), Value(0)) + Coalesce(
        Subquery(out, output_field=IntegerField()), Value(0)
    )


def handover_people(*, by) -> QuerySet:
    """HAND-1: staff who are leaving, and anyone inactive who still owns customers, of the
    people `by` manages.

    Each row carries `owned` and `cards` (cards held); ordered by name.
    """
    owns = Ownership.objects.filter(owner=OuterRef("pk"))
    return (
        User.objects.filter(
            Q(staff__status=StaffStatus.LEAVING) | Q(Q(is_active=False) & Q(Exists(owns))),
            pk__in=staff_managed_by(actor=by).values("pk"),
        )
        .select_related("staff", "staff__team")
        .annotate(owned=_owned_count(), cards=_cards_count())
        .order_by("last_name", "first_name", "pk")
    )


def handover_person_get(*, pk, by) -> User:
    """A person `by` manages; anyone else answers 404 like a missing id."""
    return get_object_or_404(
        staff_managed_by(actor=by).select_related("staff", "staff__team"), pk=pk
    )


def handover_customers(*, user) -> QuerySet[Ownership]:
    """The customers a person owns (pools.Ownership), by name."""
    return (
        Ownership.objects.filter(owner=user)
        .select_related("customer")
        .order_by("customer__name", "customer_id")
    )


def handover_receivables(*, customer_ids: list[int]) -> dict[int, Decimal]:
    """What each customer still owes (HAND-1), from the deals app; zero where nothing."""
    if not customer_ids:
        return {}
    found = receivables_for(customer_ids=list(customer_ids))
    return {pk: found.get(pk, ZERO) for pk in customer_ids}


@dataclass(frozen=True)
class Remaining:
    customers: int
    cards: int

    @property
    def nothing(self) -> bool:
        return not self.customers and not self.cards


def handover_remaining(*, user) -> Remaining:
    """What a person still has to hand over: customers owned and cards held (HAND-1)."""
    return Remaining(
        customers=Ownership.objects.filter(owner=user).count(),
        cards=cards_held_by(user=user).count(),
    )


def deactivation_blockers(*, user) -> list[str]:
    """HAND-1, CARD-10: why `user` cannot be deactivated yet; empty when they can."""
    if user is None or user.pk is None:
        return []
    left = handover_remaining(user=user)
    reasons = []
    if left.customers:
        reasons.append(
            ngettext(
                "%(name)s still owns %(count)s customer; hand it over first.",
                "%(name)s still owns %(count)s customers; hand them over first.",
                left.customers,
            )
            % {"name": person_name(user), "count": left.customers}
        )
    if left.cards:
        reasons.append(
            ngettext(
                "%(name)s still holds %(count)s archive card; it must be returned.",
                "%(name)s still holds %(count)s archive cards; they must be returned.",
                left.cards,
            )
            % {"name": person_name(user), "count": left.cards}
        )
    return reasons


def handover_receivers(*, exclude=None) -> QuerySet:
    """Active reps who may receive customers: they sell, their login and profile are active."""
    holders = User.objects.with_perm(RECEIVER_PERMISSION, is_active=True, include_superusers=False)
    qs = User.objects.filter(pk__in=holders.values("pk"), staff__status=StaffStatus.ACTIVE)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.annotate(owned=_owned_count()).order_by("last_name", "first_name", "pk")


def handover_custodians(*, exclude=None) -> QuerySet:
    """Active service doctors who may take cards into custody (CARD-6)."""
    holders = User.objects.with_perm(CUSTODIAN_PERMISSION, is_active=True, include_superusers=False)
    qs = User.objects.filter(pk__in=holders.values("pk")).exclude(
        staff__status__in=[StaffStatus.LEAVING, StaffStatus.LEFT]
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.order_by("last_name", "first_name", "pk")


def handover_split_proposal(
    *, customer_ids: list[int], receivers: list, loads: dict[int, int] | None = None
) -> dict[int, int]:
    """HAND-3: an even split, customer id → receiver id.

    Each customer in turn goes to the receiver with the fewest customers so far (what they
    own, from `loads` or their `owned` annotation, plus what this split gave them); ties go
    to the receiver listed first.
    """
    if not receivers:
        return {}
    if loads is None:
        loads = {r.pk: getattr(r, "owned", 0) or 0 for r in receivers}
    load = {r.pk: loads.get(r.pk, 0) for r in receivers}
    order = {r.pk: i for i, r in enumerate(receivers)}
    proposal = {}
    for customer_id in customer_ids:
        chosen = min(load, key=lambda pk: (load[pk], order[pk]))
        proposal[customer_id] = chosen
        load[chosen] += 1
    return proposal


# Writes --------------------------------------------------------------------------------


def _require_manager(by, person=None) -> None:
    """The write permission, and (for a write on a person) the place above them."""
    if not handover_can_manage(user=by):
        raise PermissionDenied
    if person is not None and not staff_may_manage(actor=by, target=person):
        raise PermissionDenied


def _profile(user) -> StaffProfile:
    profile, _created = StaffProfile.objects.select_for_update().get_or_create(user=user)
    return profile


@transaction.atomic
def handover_mark_leaving(*, user, by, now: dt.datetime) -> StaffProfile:
    """HAND-1: the person is leaving; their commission is withheld until nothing is left."""
    _require_manager(by, user)
    profile = _profile(user)
    if profile.status == StaffStatus.LEFT:
        raise ValidationError(_("This person has already left."))
    profile.status = StaffStatus.LEAVING
    profile.commission_withheld = True
    profile._history_user = by
    profile._change_reason = "HAND-1: leaving, commission withheld"
    profile.save(update_fields=["status", "commission_withheld"])
    return profile


def _check_receivers(receivers, *, leaver) -> None:
    allowed = set(handover_receivers(exclude=leaver).values_list("pk", flat=True))
    for receiver in receivers:
        if receiver.pk not in allowed:
            raise ValidationError(
                _("%(name)s is not an active rep and cannot receive customers.")
                % {"name": person_name(receiver)}
            )


def _sms_text(*, customer: Customer, from_user) -> str:
    return _(
        "Handover: customer %(name)s (%(phone)s), formerly with %(from)s, is now yours. "
        "Please tell the customer you are their new contact."
    ) % {
        "name": customer.name,
        "phone": customer.phone or "—",
        "from": person_name(from_user),
    }


@transaction.atomic
def handover_redistribute(*, leaver, assignments: dict[int, object], by, now: dt.datetime) -> int:
    """HAND-3: move each customer (id → receiving rep) from the leaver, all or nothing.

    Every change is recorded (reason HANDOVER, with the leaver and the receivable) and each
    new owner gets a text per customer, kept in the outbox, to tell the customer.
    """
    _require_manager(by, leaver)
    if not assignments:
        raise ValidationError(_("Choose at least one customer to hand over."))
    receivers = {r.pk: r for r in assignments.values()}
    _check_receivers(receivers.values(), leaver=leaver)
    rows = list(
        Ownership.objects.select_for_update()
        .filter(customer_id__in=list(assignments), owner=leaver)
        .select_related("customer")
        .order_by("customer_id")
    )
    if len(rows) != len(assignments):
        raise ValidationError(
            _("Some of these customers no longer belong to %(name)s; reload the page.")
            % {"name": person_name(leaver)}
        )
    owed = handover_receivables(customer_ids=[row.customer_id for row in rows])
    phones = dict(
        StaffProfile.objects.filter(user_id__in=list(receivers)).values_list("user_id", "phone")
    )
    for row in rows:
        receiver = assignments[row.customer_id]
        ownership_set(
            customer=row.customer,
            owner=receiver,
            reason=OwnershipReason.HANDOVER,
            now=now,
            by=by,
            params={"from": leaver.pk, "receivable": str(owed[row.customer_id])},
        )
        sms_send(
            to_phone=phones.get(receiver.pk, ""),
            text=_sms_text(customer=row.customer, from_user=leaver),
            now=now,
            purpose=SMS_PURPOSE,
            to_user=receiver,
        )
    return len(rows)


@transaction.atomic
def customer_transfer(*, customer: Customer, to, by, now: dt.datetime, note: str) -> Ownership:
    """HAND-2: move one customer, with its receivable, to another rep (role change or the
    customer's request), recorded with the reason given."""
    _require_manager(by)
    row = Ownership.objects.select_for_update().filter(customer=customer).first()
    current = row.owner if row else None
    if current is not None and current.pk == to.pk:
        raise ValidationError(_("This customer already belongs to that rep."))
    _check_receivers([to], leaver=current)
    owed = handover_receivables(customer_ids=[customer.pk])[customer.pk]
    return ownership_set(
        customer=customer,
        owner=to,
        reason=OwnershipReason.TRANSFER,
        now=now,
        by=by,
        params={"from": current.pk if current else None, "receivable": str(owed)},
        note=note,
    )


@transaction.atomic
def cards_custody_move(*, from_doctor, card_ids: list[int], to_doctor, by, now) -> int:
    """CARD-10: cards a leaving doctor keeps go into another doctor's custody (recorded)."""
    _require_manager(by, from_doctor)
    if not card_ids:
        raise ValidationError(_("Choose at least one card."))
    if not handover_custodians(exclude=from_doctor).filter(pk=to_doctor.pk).exists():
        raise ValidationError(_("Cards can only go to an active service doctor."))
    cards = list(
        ArchiveCard.objects.select_for_update()
        .filter(pk__in=card_ids, custodian=from_doctor, status=CardStatus.IN_CUSTODY)
        .order_by("pk")
    )
    if len(cards) != len(set(card_ids)):
        raise ValidationError(
            _("Some of these cards are no longer in this person's custody; reload the page.")
        )
    for card in cards:
        card.custodian = to_doctor
        card._history_user = by
        card._change_reason = f"CARD-10: custody moved from {from_doctor.pk} to {to_doctor.pk}"
        card.save(update_fields=["custodian"])
    visit_tasks_follow_custody(card_ids=[card.pk for card in cards])  # doctor visits follow
    return len(cards)


@transaction.atomic
def handover_mark_left(*, user, by, now: dt.datetime) -> StaffProfile:
    """HAND-1: nothing left to hand over: the person has left, their login is closed and
    their withheld commission is released."""
    _require_manager(by, user)
    profile = _profile(user)
    User.objects.select_for_update().filter(pk=user.pk).first()
    blockers = deactivation_blockers(user=user)
    if blockers:
        raise ValidationError(blockers)
    profile.status = StaffStatus.LEFT
    profile.commission_withheld = False
    profile._history_user = by
    profile._change_reason = "HAND-1: handover complete, commission released"
    profile.save(update_fields=["status", "commission_withheld"])
    user.is_active = False
    user._history_user = by
    user._change_reason = "HAND-1: left"
    user.save(update_fields=["is_active"])
    return profile
