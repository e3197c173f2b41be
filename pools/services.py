"""Writes of ownership: every change goes through `ownership_set` and is recorded (POOL-8)."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, CharField, F, IntegerField, Q, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, Greatest, JSONObject, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from crm.lib.sql import insert_select
from crm.models import Notification, Team
from crm.parameters import param
from crm.services import notify_many
from customers.models import Customer
from pools.collisions import ruling_open_if_collision
from pools.models import Ownership, OwnershipChange, OwnershipReason, Pool, PoolRule, ReleaseNote
from pools.periods import EXCLUSION_PARAMS, PERIOD_KEYS, PoolRules, pool_rule_values, pool_rules_on
from pools.protection import protections_follow_owner
from pools.selectors import (
    ended_before,
    expired_first_contact,
    expired_no_sale,
    expiry_in,
    pool_admin_ids_for,
    pool_default_id,
    pool_expiring,
    pool_home_id,
    pool_ids_for,
    pool_may_see,
)
from pools.signals import customers_claimed, customers_pooled
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
    OwnershipReason.POOL_MOVE: "POOL-9",
    OwnershipReason.RETURN: "POOL-13",
    OwnershipReason.RULING: "POOL-17",
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
    pool: Pool | None = None,
) -> Ownership:
    """Make `owner` (None: the pool) own `customer`, and record the change with its rule.

    POOL-9: an owned customer belongs to its owner's department pool (the one it returns
    to); one going to the pool stays in that pool, or goes to `pool` when one is chosen.
    """
    rule = REASON_RULE[reason]
    current = Ownership.objects.select_for_update().filter(customer=customer).first()
    from_owner_id = current.owner_id if current else None
    from_pool_id = current.pool_id if current else None
    if current is None:
        current = Ownership(customer=customer)
    if owner is not None:
        current.pool_id = pool_home_id(user=owner)
    elif pool is not None:
        current.pool = pool
    elif current.pool_id is None:
        current.pool_id = pool_default_id()
    current.owner = owner
    current.since = now
    current.reason = reason
    current.rule = rule
    current.is_referral = is_referral
    current.save()
    change = OwnershipChange.objects.create(
        customer=customer,
        from_owner_id=from_owner_id,
        to_owner=owner,
        reason=reason,
        rule=rule,
        params=params or {},
        changed_by=by,
        changed_at=now,
        note=note,
        from_pool_id=from_pool_id,
        pool_id=current.pool_id,
    )
    protections_follow_owner(customer=customer, owner=owner, now=now)  # POOL-11
    ruling_open_if_collision(change=change, now=now)  # POOL-17
    visit_tasks_follow_owner(customer=customer, owner=owner, now=now, rule=rule)
    signal = None
    if reason == OwnershipReason.CLAIM:
        signal = customers_claimed
    elif owner is None and from_owner_id is not None:
        signal = customers_pooled
    if signal is not None:  # API-2: the api app's webhooks listen
        signal.send(
            sender=Ownership,
            changes=[
                {
                    "customer_id": customer.pk,
                    "customer_name": customer.name,
                    "from_owner_id": from_owner_id,
                    "to_owner_id": current.owner_id,
                    "pool_id": current.pool_id,
                    "reason": str(reason),
                    "rule": rule,
                }
            ],
            now=now,
        )
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
    owner_id, pool_id = (
        Ownership.objects.select_for_update()
        .filter(customer=customer)
        .values_list("owner_id", "pool_id")
        .first()
    ) or (None, None)
    if owner_id is None and not pool_may_see(user=user, pool_id=pool_id):
        raise ValidationError(_("This customer is in a pool you do not belong to."), "pool")
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
    *,
    customer,
    user,
    now: dt.datetime,
    status: str,
    contact_details: str,
    progress: str,
    pool: Pool | None = None,
) -> ReleaseNote:
    """POOL-6: the owner returns a customer to the pool, with the note for the next rep;
    POOL-9: to its department pool, or to `pool` when the owner chose one of theirs."""
    _note_check(status=status, contact_details=contact_details, progress=progress)
    current = Ownership.objects.select_for_update().filter(customer=customer).first()
    if current is None or current.owner_id != user.pk:
        raise ValidationError(_("Only the customer's owner may release it to the pool."), "owner")
    if pool is not None and pool.pk not in pool_ids_for(user=user):
        raise ValidationError({"pool": _("Choose one of your pools.")})
    text = _note_text(status=status, contact_details=contact_details, progress=progress)
    ownership_set(
        customer=customer,
        owner=None,
        reason=OwnershipReason.RELEASE,
        now=now,
        by=user,
        note=text,
        pool=pool,
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


def _dated_text(template: str, *, months, start) -> Concat:
    """A translated sentence with each row's period and start date in it, built by the
    database."""
    m_mark, d_mark = "\x00", "\x01"
    text = template % {"months": m_mark, "date": d_mark}
    tz = timezone.get_current_timezone()
    values = {
        m_mark: Cast(months, CharField()),
        d_mark: Cast(TruncDate(start, tzinfo=tz), CharField()),
    }
    parts = [values.get(piece, Value(piece)) for piece in re.split("(\x00|\x01)", text) if piece]
    return Concat(*parts, output_field=CharField())


def _started_case(rules: PoolRules, rule: str, *, today: dt.date) -> Case:
    return Case(
        *(
            When(group, then=Value(ended_before(day=today, months=months).date().isoformat()))
            for group, months, _pool in rules.groups(rule)
        ),
        default=Value(""),
        output_field=CharField(),
    )


def _exclusion_case(rules: PoolRules, key: str) -> Case:
    return Case(
        *(
            When(rules._pool_q(pool_id), then=Value(int(rules.excludes_for(key, pool_id))))
            for pool_id in rules.pool_ids
        ),
        default=Value(0),
        output_field=IntegerField(),
    )


def _history_params(rules: PoolRules, rule: str, *, today: dt.date) -> JSONObject:
    """POOL-10: each row's pool, tier and the parameters that moved it."""
    _key, param_key = PERIOD_KEYS[rule]
    return JSONObject(
        **{
            param_key: rules.months_case(rule),
            "today": Value(today.isoformat()),
            "started_before": _started_case(rules, rule, today=today),
            "pool": rules.pool_case(),
            "tier": Coalesce(F("tier_row__tier"), Value("")),
            **{key: _exclusion_case(rules, key) for key in EXCLUSION_PARAMS},
        }
    )


@transaction.atomic
def pool_expiry_run(*, now: dt.datetime, rules: PoolRules | None = None) -> dict[str, int]:
    """The nightly job: customers whose POOL-1 or POOL-3 period ended return to the pool.

    Set-based, per rule: the rows are locked (SELECT … FOR UPDATE), their history rows
    (POOL-8) and pending release notes (POOL-6) are written by INSERT … SELECT, and one
    UPDATE moves them all, in one transaction. The period is each row's pool's and tier's,
    and a pool may keep customers with an open deal or a protection (POOL-10): all of it
    is one condition of the statement (`pools.periods`). Each history row names the pool,
    the tier and the parameters used. A second run finds nothing: a moved row has no
    owner. See `crm.lib.dates.add_months` for how a period counts.
    """
    today = timezone.localdate(now)
    pools_rehome()  # customers of a new department pool, or of an owner who changed team
    rules = pool_rules_on(day=today) if rules is None else rules
    note_required = param("pool.expiry_note_required")
    default_pool = rules.default_pool_id
    moved: dict[str, int] = {}
    steps = (
        (
            "POOL-1",
            OwnershipReason.EXPIRY_NO_DEAL,
            expired_first_contact,
            F("since"),
            _("No confirmed deal within %(months)s months of %(date)s."),
        ),
        (
            "POOL-3",
            OwnershipReason.EXPIRY_NO_SALE,
            expired_no_sale,
            Greatest("since", "last_sale_at"),
            _("No confirmed sale for %(months)s months since %(date)s."),
        ),
    )
    for rule, reason, select, start, template in steps:
        qs = select(today=today, rules=rules)
        found = list(
            qs.select_for_update(of=("self",)).values_list(
                "customer_id", "customer__name", "owner_id", "pool_id"
            )
        )
        locked = len(found)
        moved[rule] = locked
        if not locked:
            continue
        pool = Coalesce(F("pool_id"), Value(default_pool)) if default_pool else F("pool_id")
        rows = qs.order_by().annotate(
            _note=_dated_text(template, months=rules.months_case(rule), start=start),
            _params=_history_params(rules, rule, today=today),
            _pool=pool,
        )
        insert_select(
            model=OwnershipChange,
            columns=["customer", "from_owner", "note", "params", "from_pool", "pool"],
            select=rows.values_list(
                "customer_id", "owner_id", "_note", "_params", "pool_id", "_pool"
            ),
            constants={"reason": reason, "rule": rule, "changed_at": now},
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
        qs.update(owner=None, since=now, reason=reason, rule=rule, is_referral=False, pool=pool)
        customers_pooled.send(  # API-2: one webhook event per customer, set-based
            sender=Ownership,
            changes=[
                {
                    "customer_id": customer_id,
                    "customer_name": name,
                    "from_owner_id": owner_id,
                    "to_owner_id": None,
                    "pool_id": pool_id or default_pool,
                    "reason": str(reason),
                    "rule": rule,
                }
                for customer_id, name, owner_id, pool_id in found
            ],
            now=now,
        )
    visit_tasks_follow_pool(changed_at=now, now=now)  # their open rep visits close
    return moved


def pool_expiry_warn(*, now: dt.datetime) -> int:
    """POOL-7: one notice per owner, customer and expiry date, `pool.warn_days` ahead.

    One query finds the customers; notify_many writes the notices in bulk (leaving out those
    already sent) and hands new ones to the channels their owner chose (API-4), so running
    it again sends nothing twice.
    """
    rules = pool_rules_on(day=timezone.localdate(now))
    rows = pool_expiring(now=now, rules=rules).values_list(
        "customer_id",
        "owner_id",
        "customer__name",
        "since",
        "reason",
        "last_sale_at",
        "pool_id",
        "tier_code",
    )
    notices = []
    for customer_id, owner_id, name, since, reason, last_sale, pool_id, tier in rows:
        ends, rule = expiry_in(
            rules=rules,
            since=since,
            reason=reason,
            last_sale_at=last_sale,
            pool_id=pool_id,
            tier=tier,
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
    notify_many(notices)  # and through the channels each owner chose (API-4)
    return len(notices)


# Pools (POOL-9) -------------------------------------------------------------------------


@transaction.atomic
def pool_move(*, customers, pool: Pool, by, now: dt.datetime, note: str = "") -> int:
    """POOL-9: a pool admin moves ownerless customers of their pools to `pool`; each move is
    one history row (from which pool, to which, by whom, why). Set-based."""
    administered = pool_admin_ids_for(user=by)
    default = pool_default_id()
    ids = [c.pk for c in customers]
    rows = Ownership.objects.select_for_update().filter(customer_id__in=ids)
    found = list(rows.values_list("customer_id", "owner_id", "pool_id"))
    if len(found) != len(ids) or any(owner is not None for _c, owner, _p in found):
        raise ValidationError(_("Only customers in the pool can move to another pool."), "owned")
    if any((p or default) not in administered for _c, _o, p in found):
        raise ValidationError(_("You may move customers only out of the pools you run."), "perm")
    moving = rows.exclude(pool=pool)
    if pool.is_default:
        moving = moving.exclude(pool__isnull=True)
    insert_select(
        model=OwnershipChange,
        columns=["customer", "from_pool"],
        select=moving.order_by().values_list("customer_id", "pool_id"),
        constants={
            "reason": OwnershipReason.POOL_MOVE,
            "rule": REASON_RULE[OwnershipReason.POOL_MOVE],
            "params": {"pool": pool.pk, "pool_name": pool.name},
            "pool": pool.pk,
            "changed_by": by.pk,
            "changed_at": now,
            "note": note.strip(),
        },
    )
    return moving.update(pool=pool)


def pools_rehome() -> int:
    """POOL-9: owned customers belong to their owner's department pool (the one they return
    to), also after a pool is made or an owner changes team. Set-based: one UPDATE per pool,
    touching only rows whose pool changes."""
    teams = dict(Team.objects.values_list("pk", "parent_id"))
    by_department = dict(
        Pool.objects.filter(department__isnull=False).values_list("department_id", "pk")
    )
    default = pool_default_id()
    home: dict[int, int | None] = {}
    for team_id in teams:
        seen, at = [], team_id
        while at is not None and at not in seen and at not in by_department:
            seen.append(at)
            at = teams.get(at)
        home[team_id] = by_department.get(at, default) if at is not None else default
    changed = 0
    owned = Ownership.objects.filter(owner__isnull=False)
    for pool_id in {p for p in home.values() if p is not None}:
        team_ids = [t for t, p in home.items() if p == pool_id]
        changed += (
            owned.filter(owner__staff__team_id__in=team_ids)
            .exclude(pool=pool_id)
            .update(pool=pool_id)
        )
    if default is not None:
        homed = [t for t, p in home.items() if p is not None and p != default]
        changed += (
            owned.exclude(owner__staff__team_id__in=homed)
            .filter(Q(pool__isnull=True) | ~Q(pool=default))
            .update(pool=default)
        )
    return changed


# Pool rules (POOL-10, POOL-15) ----------------------------------------------------------


@transaction.atomic
def pool_rules_save(
    *, pool: Pool, values: dict, effective_from: dt.date, by, now: dt.datetime
) -> list[PoolRule]:
    """POOL-15: save a pool's rules as new versions (who, when, old and new value, from
    which day); only the values that differ from those in force on that day."""
    if effective_from < timezone.localdate(now):
        raise ValidationError({"effective_from": _("Choose today or a later day.")})
    Pool.objects.select_for_update().filter(pk=pool.pk).first()
    current = pool_rule_values(pool=pool, day=effective_from)
    versions = [
        PoolRule(
            pool=pool,
            key=key,
            tier=tier,
            value=value,
            previous=current.get((key, tier)),
            effective_from=effective_from,
            changed_by=by,
            changed_at=now,
        )
        for (key, tier), value in values.items()
        if current.get((key, tier)) != value
    ]
    return PoolRule.objects.bulk_create(versions)


@transaction.atomic
def pool_save(*, form, by, now: dt.datetime) -> Pool:
    """POOL-9: an admin's pool (name, department, member teams, admins); the department's
    owned customers now return to it."""
    pool = form.save()
    pools_rehome()
    return pool


DEFAULT_POOL_NAME = "公共客户池"


def pool_default_ensure() -> Pool:
    """POOL-9: the default pool exists (migrate makes it; after a flush, post_migrate again):
    an ownership without a pool is in it, and reps see it whatever their team."""
    pool = Pool.objects.filter(is_default=True).first()
    return pool or Pool.objects.create(name=DEFAULT_POOL_NAME, is_default=True)
