"""Writes of ownership: every change goes through `ownership_set` and is recorded (POOL-8)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat, Greatest, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from crm.lib.sql import insert_select
from crm.models import Notification
from crm.parameters import param
from customers.models import Customer
from pools.models import Ownership, OwnershipChange, OwnershipReason, ReleaseNote
from pools.selectors import (
    ended_before,
    expired_first_contact,
    expired_no_sale,
    expiry_of,
    pool_expiring,
)
from visits.services import visit_tasks_follow_owner, visit_tasks_follow_pool

# The rule each reason stands for (shown beside every change).
REASON_RULE = {
    OwnershipReason.NEW: "POOL-5",
    OwnershipReason.FIRST_CONTACT: "POOL-1",
    OwnershipReason.ASSIGNMENT: "INTAKE-5",
    OwnershipReason.FIRST_DEAL: "POOL-2",
    OwnershipReason.REFERRAL: "POOL-4",
    OwnershipReason.CLAIM: "POOL-5",
    OwnershipReason.TRANSFER: "HAND-2",
    OwnershipReason.HANDOVER: "HAND-3",
    OwnershipReason.RELEASE: "POOL-6",
    OwnershipReason.EXPIRY_NO_DEAL: "POOL-1",
    OwnershipReason.EXPIRY_NO_SALE: "POOL-3",
}


@transaction.atomic
def ownership_start(*, customers, now: dt.datetime) -> None:
    """New customers nobody owns yet: in the pool from now (POOL-5). Not a change of owner,
    so nothing is added to the history; customers that already have a row keep it."""
    Ownership.objects.bulk_create(
        [
            Ownership(
                customer=customer,
                owner=None,
                since=now,
                reason=OwnershipReason.NEW,
                rule=REASON_RULE[OwnershipReason.NEW],
            )
            for customer in customers
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )


@transaction.atomic
def ownership_set(
    *,
    customer,
    owner,
    reason: OwnershipReason,
    now: dt.datetime,
    by=None,
    params: dict | None = None,
    note: str = "",
    is_referral: bool = False,
) -> Ownership:
    """Make `owner` (None: the pool) own `customer`, and record the change with its rule."""
    rule = REASON_RULE[reason]
    current = Ownership.objects.select_for_update().filter(customer=customer).first()
    from_owner_id = current.owner_id if current else None
    if current is None:
        current = Ownership(customer=customer)
    current.owner = owner
    current.since = now
    current.reason = reason
    current.rule = rule
    current.is_referral = is_referral
    current.save()
    OwnershipChange.objects.create(
        customer=customer,
        from_owner_id=from_owner_id,
        to_owner=owner,
        reason=reason,
        rule=rule,
        params=params or {},
        changed_by=by,
        changed_at=now,
        note=note,
    )
    visit_tasks_follow_owner(customer=customer, owner=owner, now=now, rule=rule)
    return current


def ownership_sale_record(*, customer, at: dt.datetime) -> None:
    """A confirmed sale (DEAL-1) at `at`: keep the first and last sale times for expiry.

    Called by the deals app when finance confirms a payment; recomputed by it after a
    refund or cancellation through `ownership_sales_set`.
    """
    row = Ownership.objects.select_for_update().filter(customer=customer).first()
    if row is None:
        return
    changed = []
    if row.first_sale_at is None or at < row.first_sale_at:
        row.first_sale_at = at
        changed.append("first_sale_at")
    if row.last_sale_at is None or at > row.last_sale_at:
        row.last_sale_at = at
        changed.append("last_sale_at")
    if changed:
        row.save(update_fields=changed)


def ownership_sales_set(*, customer, first: dt.datetime | None, last: dt.datetime | None) -> None:
    """Set the sale times outright (after a refund or cancellation changed what counts)."""
    Ownership.objects.filter(customer=customer).update(first_sale_at=first, last_sale_at=last)


# The pool (POOL-5, POOL-6, POOL-4) ------------------------------------------------------

SELLS_PERMISSION = "customers.add_survey"
MANAGES_PERMISSION = "customers.view_all_customers"
# Leaving a customer counts for the re-claim wait whether the rep released it or let it expire.
LEFT_REASONS = (
    OwnershipReason.RELEASE,
    OwnershipReason.EXPIRY_NO_DEAL,
    OwnershipReason.EXPIRY_NO_SALE,
)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@transaction.atomic
def pool_claim(*, customer, user, now: dt.datetime) -> Ownership:
    """POOL-5: `user` claims a customer from the pool and owns it (the POOL-1 clock restarts).

    Two reps claiming at once: both lock the customer row, the second waits for the first
    to commit, then finds an owner and is refused. The limits an admin sets (most owned,
    most claims a day, days before re-claiming a customer one left) are checked under a lock
    on the claimer's own row, so two claims by one rep cannot both slip under a limit.
    """
    if not user.is_active or not user.has_perm(SELLS_PERMISSION):
        raise ValidationError(_("Only sales reps may claim customers from the pool."), "perm")
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    Customer.objects.select_for_update().filter(pk=customer.pk).first()
    # Also lock the ownership row: other paths (import, transfer) lock only that one.
    owner_id = (
        Ownership.objects.select_for_update()
        .filter(customer=customer)
        .values_list("owner_id", flat=True)
        .first()
    )
    if owner_id == user.pk:
        raise ValidationError(_("You already own this customer."), "mine")
    if owner_id is not None:
        raise ValidationError(
            _("Another rep claimed this customer a moment ago. It is no longer in the pool."),
            "taken",
        )
    max_owned = param("pool.max_owned")
    max_claims = param("pool.max_claims_per_day")
    reclaim_days = param("pool.reclaim_days")
    if max_owned and Ownership.objects.filter(owner=user).count() >= max_owned:
        raise ValidationError(
            _("You already own %(count)s customers, the most one rep may own.")
            % {"count": max_owned},
            "max_owned",
        )
    today_start = _day_start(timezone.localdate(now))
    claims_today = OwnershipChange.objects.filter(
        to_owner=user, reason=OwnershipReason.CLAIM, changed_at__gte=today_start
    ).count()
    if max_claims and claims_today >= max_claims:
        raise ValidationError(
            _("You have claimed %(count)s customers today, the most allowed in a day.")
            % {"count": max_claims},
            "max_claims",
        )
    if reclaim_days:
        left = (
            OwnershipChange.objects.filter(
                customer=customer, from_owner=user, reason__in=LEFT_REASONS
            )
            .order_by("-changed_at")
            .values_list("changed_at", flat=True)
            .first()
        )
        if left is not None and left > now - dt.timedelta(days=reclaim_days):
            may_from = timezone.localdate(left + dt.timedelta(days=reclaim_days))
            raise ValidationError(
                _("You left this customer recently; you may claim it again from %(date)s.")
                % {"date": date_format(may_from, "DATE_FORMAT")},
                "reclaim",
            )
    return ownership_set(
        customer=customer,
        owner=user,
        reason=OwnershipReason.CLAIM,
        now=now,
        by=user,
        params={
            "pool.max_owned": max_owned,
            "pool.max_claims_per_day": max_claims,
            "pool.reclaim_days": reclaim_days,
        },
    )


def _note_text(*, status: str, contact_details: str, progress: str) -> str:
    return "\n".join(
        f"{label}: {value}"
        for label, value in (
            (_("Status"), status),
            (_("Contact details"), contact_details),
            (_("How far talks went"), progress),
        )
        if value
    )


def _note_check(*, status: str, contact_details: str, progress: str) -> None:
    errors = {
        name: _("Write this before the customer goes to the pool.")
        for name, value in (
            ("status", status),
            ("contact_details", contact_details),
            ("progress", progress),
        )
        if not (value or "").strip()
    }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def pool_release(
    *, customer, user, now: dt.datetime, status: str, contact_details: str, progress: str
) -> ReleaseNote:
    """POOL-6: the owner returns a customer to the pool, with the note for the next rep."""
    _note_check(status=status, contact_details=contact_details, progress=progress)
    current = Ownership.objects.select_for_update().filter(customer=customer).first()
    if current is None or current.owner_id != user.pk:
        raise ValidationError(_("Only the customer's owner may release it to the pool."), "owner")
    text = _note_text(status=status, contact_details=contact_details, progress=progress)
    ownership_set(
        customer=customer,
        owner=None,
        reason=OwnershipReason.RELEASE,
        now=now,
        by=user,
        note=text,
    )
    return ReleaseNote.objects.create(
        customer=customer,
        owner=user,
        rule="POOL-6",
        status=status.strip(),
        contact_details=contact_details.strip(),
        progress=progress.strip(),
        created_at=now,
        completed_at=now,
    )


@transaction.atomic
def release_note_complete(
    *, note: ReleaseNote, user, now: dt.datetime, status: str, contact_details: str, progress: str
) -> ReleaseNote:
    """POOL-6: the last owner completes the note of a customer the nightly job moved."""
    _note_check(status=status, contact_details=contact_details, progress=progress)
    note = ReleaseNote.objects.select_for_update().get(pk=note.pk)
    if note.owner_id != user.pk:
        raise ValidationError(_("Only the customer's last owner may write this note."), "owner")
    if note.completed_at is not None:
        raise ValidationError(_("This release note is already complete."), "done")
    note.status = status.strip()
    note.contact_details = contact_details.strip()
    note.progress = progress.strip()
    note.completed_at = now
    note.save(update_fields=["status", "contact_details", "progress", "completed_at"])
    return note


@transaction.atomic
def pool_refer(*, customer, rep, by, now: dt.datetime, note: str = "") -> Ownership:
    """POOL-4: a manager hands a customer from their contacts (in the pool) to a rep."""
    if not by.has_perm(MANAGES_PERMISSION):
        raise ValidationError(_("Only sales managers may refer customers."), "perm")
    if not rep.is_active or not rep.has_perm(SELLS_PERMISSION):
        raise ValidationError({"rep": _("Choose an active sales rep.")})
    Customer.objects.select_for_update().filter(pk=customer.pk).first()
    owner_id = Ownership.objects.select_for_update().filter(customer=customer)
    if owner_id.values_list("owner_id", flat=True).first() is not None:
        raise ValidationError(
            _("This customer has an owner; hand it over with a transfer instead."), "owned"
        )
    return ownership_set(
        customer=customer,
        owner=rep,
        reason=OwnershipReason.REFERRAL,
        now=now,
        by=by,
        note=note.strip(),
        is_referral=True,
    )


# Expiry (POOL-1, POOL-3) and warnings (POOL-7) ------------------------------------------


def _dated_text(template: str, *, months: int, start) -> Concat:
    """A translated sentence with each row's start date in it, built by the database."""
    marker = "\x00"
    before, _sep, after = (template % {"months": months, "date": marker}).partition(marker)
    tz = timezone.get_current_timezone()
    day = Cast(TruncDate(start, tzinfo=tz), CharField())
    return Concat(Value(before), day, Value(after), output_field=CharField())


@transaction.atomic
def pool_expiry_run(*, now: dt.datetime) -> dict[str, int]:
    """The nightly job: customers whose POOL-1 or POOL-3 period ended return to the pool.

    Set-based, per rule: the rows are locked (SELECT … FOR UPDATE), their history rows
    (POOL-8) and pending release notes (POOL-6) are written by INSERT … SELECT, and one
    UPDATE moves them all, in one transaction. A second run finds nothing: a moved row has
    no owner. See `crm.lib.dates.add_months` for how a period
    counts.
    """
    today = timezone.localdate(now)
    note_required = param("pool.expiry_note_required")
    moved: dict[str, int] = {}
    rules = (
        (
            "POOL-1",
            OwnershipReason.EXPIRY_NO_DEAL,
            "pool.first_contact_months",
            expired_first_contact,
            F("since"),
            _("No confirmed deal within %(months)s months of %(date)s."),
        ),
        (
            "POOL-3",
            OwnershipReason.EXPIRY_NO_SALE,
            "pool.no_sale_months",
            expired_no_sale,
            Greatest("since", "last_sale_at"),
            _("No confirmed sale for %(months)s months since %(date)s."),
        ),
    )
    for rule, reason, key, select, start, template in rules:
        months = param(key)
        qs = select(today=today, months=months)
        locked = len(qs.select_for_update().values_list("pk", flat=True))
        moved[rule] = locked
        if not locked:
            continue
        rows = qs.order_by().annotate(_note=_dated_text(template, months=months, start=start))
        insert_select(
            model=OwnershipChange,
            columns=["customer", "from_owner", "note"],
            select=rows.values_list("customer_id", "owner_id", "_note"),
            constants={
                "reason": reason,
                "rule": rule,
                "params": {
                    key: months,
                    "today": today.isoformat(),
                    "started_before": ended_before(day=today, months=months).date().isoformat(),
                },
                "changed_at": now,
            },
        )
        if note_required:
            insert_select(
                model=ReleaseNote,
                columns=["customer", "owner"],
                select=rows.values_list("customer_id", "owner_id"),
                constants={
                    "rule": rule,
                    "status": "",
                    "contact_details": "",
                    "progress": "",
                    "created_at": now,
                },
            )
        qs.update(owner=None, since=now, reason=reason, rule=rule, is_referral=False)
    visit_tasks_follow_pool(changed_at=now, now=now)  # their open rep visits close
    return moved


def pool_expiry_warn(*, now: dt.datetime) -> int:
    """POOL-7: one notice per owner, customer and expiry date, `pool.warn_days` ahead.

    One query finds the customers; one bulk insert (ignoring those already sent) writes
    the notices, so running it again sends nothing twice.
    """
    rows = pool_expiring(now=now).values_list(
        "customer_id", "owner_id", "customer__name", "since", "reason", "last_sale_at"
    )
    first_months = param("pool.first_contact_months")
    sale_months = param("pool.no_sale_months")
    notices = []
    for customer_id, owner_id, name, since, reason, last_sale in rows:
        ends, rule = expiry_of(
            since=since,
            reason=reason,
            last_sale_at=last_sale,
            first_months=first_months,
            sale_months=sale_months,
        )
        notices.append(
            Notification(
                user_id=owner_id,
                key=f"pool-expiry:{customer_id}:{ends.isoformat()}",
                kind="pools.expiry_warning",
                url=reverse("customers:customer_detail", args=[customer_id]),
                rule="POOL-7",
                params={
                    "pool.warn_days": param("pool.warn_days"),
                    "expires": ends.isoformat(),
                    "customer": name,
                    "expiry_rule": rule,
                },
                created_at=now,
            )
        )
    Notification.objects.bulk_create(notices, batch_size=2000, ignore_conflicts=True)
    return len(notices)
