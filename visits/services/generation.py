"""Visit tasks made by the rules (VISIT-1…3, VISIT-11, VISIT-12), set-based.

Every generator is one INSERT … SELECT per rule over the cards (or first purchases) it
is given, whether that is the one card a rep has just been given or the last week's cards
of the nightly catch-up. The unique constraints on (card, rule) and (customer, rule) make
a second run insert nothing. Rule tasks keep the rule, its days and the date they were
counted from; a holiday move keeps the original date (VISIT-11); a closed task keeps the
rule that closed it (`closed_why`).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import (
    Case,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from crm.lib.sql import insert_select
from crm.parameters import param
from customers.models import ArchiveCard, Customer
from pools.models import Ownership, OwnershipChange
from visits.models import (
    Audience,
    Holiday,
    TaskSource,
    TaskStatus,
    Visitor,
    VisitRule,
    VisitTask,
)
from visits.sql import PlusDays


def _constants(*, rule: VisitRule, source: str, now: dt.datetime) -> dict:
    return {
        "visitor": rule.visitor,
        "source": source,
        "rule": rule.pk,
        "days": rule.days,
        "purpose": "",
        "planned_method": "",
        "status": TaskStatus.OPEN,
        "done_late": False,
        "closed_why": {},
        "created_at": now,
    }


COLUMNS = ["customer", "assignee", "card", "anchor_on", "due_on"]


def _active_rules() -> list[VisitRule]:
    return list(VisitRule.objects.filter(is_active=True).order_by("pk"))


def _cards_generate(*, cards: QuerySet[ArchiveCard], now: dt.datetime) -> int:
    """The tasks of every active rule for `cards`, dated from the card's event day.

    A rep's visit goes to the customer's owner (the card's rep while the customer has no
    owner); a doctor's visit to the doctor who holds the card (nobody until CARD-6).
    """
    made = 0
    for rule in _active_rules():
        qs = cards.filter(buyer=rule.audience == Audience.BUYER)
        if rule.applies_from:
            qs = qs.filter(attendance__event__held_on__gte=rule.applies_from)
        qs = qs.exclude(
            Exists(VisitTask.objects.filter(card=OuterRef("pk"), rule=rule, source=TaskSource.CARD))
        )
        if rule.visitor == Visitor.REP:
            # A subquery, not a join through customers (which would scan every customer).
            assignee = Coalesce(
                Subquery(_owner_of("customer_id")), F("rep"), output_field=IntegerField()
            )
        else:
            assignee = F("custodian")
        rows = qs.order_by().annotate(
            _c0=F("customer_id"),
            _c1=assignee,
            _c2=F("pk"),
            _c3=F("attendance__event__held_on"),
            _c4=PlusDays(F("attendance__event__held_on"), rule.days),
        )
        made += insert_select(
            model=VisitTask,
            columns=COLUMNS,
            select=rows.values_list("_c0", "_c1", "_c2", "_c3", "_c4"),
            constants=_constants(rule=rule, source=TaskSource.CARD, now=now),
            ignore_conflicts=True,
        )
    return made


def _owner_of(column: str) -> QuerySet:
    return Ownership.objects.filter(customer_id=OuterRef(column)).values("owner")[:1]


def _latest_card() -> QuerySet[ArchiveCard]:
    return ArchiveCard.objects.filter(customer=OuterRef("pk")).order_by(
        "-attendance__event__held_on", "-pk"
    )


def _purchases_generate(*, customers: QuerySet[Customer], now: dt.datetime) -> int:
    """VISIT-12: the buyer schedule counted from the first purchase (`_anchor` of each row).

    For customers without a buyer card only: a buyer card already started the buyer
    schedule. A doctor's visit needs a card (the doctor works from it): it goes to the
    doctor holding the customer's latest card; without any card only the rep visits.
    """
    made = 0
    customers = customers.exclude(
        Exists(ArchiveCard.objects.filter(customer=OuterRef("pk"), buyer=True))
    )
    for rule in _active_rules():
        if rule.audience != Audience.BUYER:
            continue
        qs = customers
        if rule.applies_from:
            qs = qs.filter(_anchor__gte=rule.applies_from)
        qs = qs.exclude(
            Exists(
                VisitTask.objects.filter(
                    customer=OuterRef("pk"), rule=rule, source=TaskSource.PURCHASE
                )
            )
        )
        if rule.visitor == Visitor.REP:
            qs = qs.filter(ownership__owner__isnull=False)
            assignee = F("ownership__owner")
        else:
            qs = qs.filter(Exists(ArchiveCard.objects.filter(customer=OuterRef("pk"))))
            assignee = Subquery(_latest_card().values("custodian")[:1])
        rows = qs.order_by().annotate(
            _c0=F("pk"),
            _c1=assignee,
            _c2=Subquery(_latest_card().values("pk")[:1]),
            _c3=F("_anchor"),
            _c4=PlusDays(F("_anchor"), rule.days),
        )
        made += insert_select(
            model=VisitTask,
            columns=COLUMNS,
            select=rows.values_list("_c0", "_c1", "_c2", "_c3", "_c4"),
            constants=_constants(rule=rule, source=TaskSource.PURCHASE, now=now),
            ignore_conflicts=True,
        )
    return made


def visit_tasks_supersede(*, now: dt.datetime, customer_ids=None) -> int:
    """VISIT-12: open non-buyer visits close as superseded once a buyer schedule starts on
    or after the day they were counted from (a buyer card, or the first purchase).

    `customer_ids`: a list or a subquery of the customers to look at (None: all)."""
    buyer_schedule = VisitTask.objects.filter(
        customer=OuterRef("customer"),
        rule__audience=Audience.BUYER,
        anchor_on__gte=OuterRef("anchor_on"),
    )
    qs = VisitTask.objects.filter(status=TaskStatus.OPEN, rule__audience=Audience.NON_BUYER)
    if customer_ids is not None:
        qs = qs.filter(customer_id__in=customer_ids)
    return qs.filter(Exists(buyer_schedule)).update(
        status=TaskStatus.SUPERSEDED, closed_at=now, closed_why={"rule": "VISIT-12"}
    )


# VISIT-11: holidays -----------------------------------------------------------------


def holiday_targets(*, today: dt.date) -> dict[dt.date, dt.date]:
    """{holiday: the working day before it} for the holidays after today.

    A run of holidays all moves to the day before the first of them. A move that would land
    before today is not made: a visit is never pushed into the past (overdue at once).
    """
    # Today counts as a holiday day to walk back over, but is never moved itself.
    days = set(Holiday.objects.filter(day__gte=today).values_list("day", flat=True))
    targets = {}
    for day in sorted(d for d in days if d > today):
        target = day - dt.timedelta(days=1)
        while target in days:
            target -= dt.timedelta(days=1)
        if target >= today:
            targets[day] = target
    return targets


def holiday_shift(*, day: dt.date, today: dt.date) -> dt.date:
    """The date a visit due on `day` is really due (itself unless a holiday moves it)."""
    return holiday_targets(today=today).get(day, day)


def holidays_bring_forward(*, today: dt.date, customer_ids: list[int] | None = None) -> int:
    """VISIT-11: open visits due on a holiday come to the working day before, keeping the
    original date in `moved_from` (the first original, if a later holiday moves it again)."""
    targets = holiday_targets(today=today)
    if not targets:
        return 0
    qs = VisitTask.objects.filter(status=TaskStatus.OPEN, due_on__in=list(targets))
    if customer_ids is not None:
        qs = qs.filter(customer_id__in=customer_ids)
    return qs.update(
        moved_from=Coalesce(F("moved_from"), F("due_on")),
        due_on=Case(
            *(When(due_on=day, then=Value(target)) for day, target in targets.items()),
            output_field=DateField(),
        ),
    )


# Hooks: called by the customers, deals and pools apps inside their transactions ---------


@transaction.atomic
def visit_tasks_for_card(*, card: ArchiveCard, now: dt.datetime) -> int:
    """A card was made (CARD-1): its visits are due from the event day at once (VISIT-1…3).

    A buyer card also closes the customer's open non-buyer visits (VISIT-12).
    """
    made = _cards_generate(cards=ArchiveCard.objects.filter(pk=card.pk), now=now)
    if made:
        if card.buyer:
            visit_tasks_supersede(now=now, customer_ids=[card.customer_id])
        holidays_bring_forward(today=timezone.localdate(now), customer_ids=[card.customer_id])
    return made


@transaction.atomic
def visit_tasks_for_purchase(*, customer: Customer, now: dt.datetime) -> int:
    """The first confirmed purchase (DEAL-1): a non-buyer gets the buyer schedule from the
    day of the confirmation, and their open non-buyer visits close (VISIT-12)."""
    anchor = timezone.localdate(now)
    customers = Customer.objects.filter(pk=customer.pk).annotate(
        _anchor=Value(anchor, output_field=DateField())
    )
    made = _purchases_generate(customers=customers, now=now)
    if made:
        visit_tasks_supersede(now=now, customer_ids=[customer.pk])
        holidays_bring_forward(today=anchor, customer_ids=[customer.pk])
    return made


def visit_tasks_follow_owner(*, customer, owner, now: dt.datetime, rule: str) -> int:
    """A new owner takes over the customer's open rep visits; a customer returned to the
    pool has none left (closed as cancelled, with the rule that moved it)."""
    qs = VisitTask.objects.filter(
        customer_id=customer.pk, status=TaskStatus.OPEN, visitor=Visitor.REP
    )
    if owner is None:
        return qs.update(
            status=TaskStatus.CANCELLED,
            closed_at=now,
            closed_why={"rule": rule, "pool": True},
        )
    return qs.exclude(assignee_id=owner.pk).update(assignee_id=owner.pk)


def visit_tasks_follow_pool(*, changed_at: dt.datetime, now: dt.datetime) -> int:
    """After the nightly expiry (POOL-1, POOL-3): the customers it moved at `changed_at`
    lose their open rep visits, like a release."""

    changes = OwnershipChange.objects.filter(changed_at=changed_at, to_owner__isnull=True)
    closed = 0
    for rule in sorted(set(changes.values_list("rule", flat=True))):
        closed += VisitTask.objects.filter(
            status=TaskStatus.OPEN,
            visitor=Visitor.REP,
            customer_id__in=changes.filter(rule=rule).values("customer_id"),
        ).update(
            status=TaskStatus.CANCELLED,
            closed_at=now,
            closed_why={"rule": rule, "pool": True},
        )
    return closed


def visit_tasks_follow_custody(*, card_ids=None) -> int:
    """Doctor visits of a card stay with the doctor who holds it (CARD-6, CARD-10).

    `card_ids`: a list or a subquery of the cards to look at (None: all)."""
    custodian = ArchiveCard.objects.filter(pk=OuterRef("card_id")).values("custodian")[:1]
    qs = VisitTask.objects.filter(
        status=TaskStatus.OPEN,
        visitor=Visitor.DOCTOR,
        card__isnull=False,
        card__custodian__isnull=False,
    ).exclude(source=TaskSource.ADHOC)
    if card_ids is not None:
        qs = qs.filter(card_id__in=card_ids)
    qs = qs.filter(Q(assignee__isnull=True) | ~Q(assignee=F("card__custodian")))
    return qs.update(assignee=Subquery(custodian))


def visit_tasks_follow_owners(*, since: dt.datetime | None = None) -> int:
    """Open rep visits of owned customers whose assignee is not the owner move to the owner
    (the nightly safety net behind `visit_tasks_follow_owner`), for the customers whose
    owner changed since `since` (None: all)."""

    owned = Ownership.objects.filter(owner__isnull=False)
    if since is not None:
        owned = owned.filter(since__gte=since)
    qs = VisitTask.objects.filter(
        status=TaskStatus.OPEN,
        visitor=Visitor.REP,
        customer_id__in=owned.values("customer_id"),
    ).exclude(Exists(owned.filter(customer_id=OuterRef("customer_id"), owner=OuterRef("assignee"))))
    return qs.update(assignee=Subquery(_owner_of("customer_id")))


# The nightly catch-up -----------------------------------------------------------------


@transaction.atomic
def visit_tasks_catch_up(*, now: dt.datetime) -> dict[str, int]:
    """Whatever the hooks missed, set-based and safe to repeat.

    Cards of events in the last `visit.catch_up_days` days (or later) and first purchases
    confirmed in that time get their missing tasks; older cards are left alone, so a rule
    added today never floods reps with years of overdue visits. Then VISIT-12 for those
    customers, the owners of customers whose owner changed in that time, the doctors of
    cards made or handed over in it, and VISIT-11.
    """
    today = timezone.localdate(now)
    since = today - dt.timedelta(days=param("visit.catch_up_days"))
    since_at = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    cards = ArchiveCard.objects.filter(attendance__event__held_on__gte=since)
    customers = Customer.objects.filter(ownership__first_sale_at__gte=since_at).annotate(
        _anchor=TruncDate("ownership__first_sale_at", tzinfo=timezone.get_current_timezone())
    )
    # Every step looks only at what the window touched, so the job's cost follows the
    # day's new cards and purchases, not the number of customers.
    made_cards = _cards_generate(cards=cards, now=now)
    made_purchases = _purchases_generate(customers=customers, now=now)
    superseded = visit_tasks_supersede(
        now=now, customer_ids=cards.filter(buyer=True).values("customer_id")
    ) + visit_tasks_supersede(now=now, customer_ids=customers.values("pk"))
    recent_cards = ArchiveCard.objects.filter(
        Q(attendance__event__held_on__gte=since) | Q(handed_over_at__gte=since_at)
    )
    return {
        "cards": made_cards,
        "purchases": made_purchases,
        "superseded": superseded,
        "owners": visit_tasks_follow_owners(since=since_at),
        "doctors": visit_tasks_follow_custody(card_ids=recent_cards.values("pk")),
        "holidays": holidays_bring_forward(today=today),
    }
