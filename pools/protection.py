"""Protection (POOL-11) and the last day of ownership (POOL-14).

An owner protects (锁定) up to `pool.protect_max` customers for at most `pool.protect_days`
days; a protected customer does not expire (the nightly expiry leaves it out through
`pools.selectors.unprotected`), and the protection ends by itself in the nightly run the
day after its last day (`protection_end_run`, set-based, idempotent). Each protection is
a row with its start and end, so every start and end is recorded.

The last day of ownership shown to owners is the later of the period's end (POOL-1/POOL-3,
`pools.selectors.expiry_of`) and the protection's last day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.parameters import param
from pools.models import Ownership, Protection, ProtectionEnd
from pools.selectors import expiry_of

# Days left at or below which a list and the customer page highlight the customer (POOL-14).
HIGHLIGHT_DAYS = 3


# Reads ---------------------------------------------------------------------------------


def protection_active_for(*, customer) -> Protection | None:
    return Protection.objects.filter(customer=customer, ended_at__isnull=True).first()


def protections_of(*, customer) -> QuerySet[Protection]:
    """Every protection of the customer, newest first: the record of starts and ends."""
    return Protection.objects.filter(customer=customer).select_related("owner")


def protected_count(*, user) -> int:
    return Protection.objects.filter(owner=user, ended_at__isnull=True).count()


@dataclass(frozen=True)
class LastDay:
    day: dt.date
    days_left: int
    rule: str  # the rule that ends the ownership: POOL-1 or POOL-3 ("" when none does)
    months: int  # that rule's period
    protected_until: dt.date | None

    @property
    def soon(self) -> bool:
        return self.days_left <= HIGHLIGHT_DAYS


def _last_day(*, since, reason, last_sale_at, protected_until, today, first, sale) -> LastDay:
    day, rule = expiry_of(
        since=since, reason=reason, last_sale_at=last_sale_at, first_months=first, sale_months=sale
    )
    if not rule:
        return LastDay(dt.date.max, 10**6, "", 0, protected_until)
    if protected_until is not None and protected_until > day:
        day = protected_until
    months = first if rule == "POOL-1" else sale
    return LastDay(day, (day - today).days, rule, months, protected_until)


_UNKNOWN = object()


def last_day_of(
    *, ownership: Ownership | None, today: dt.date, protection=_UNKNOWN
) -> LastDay | None:
    """POOL-14: the owner's last day for one customer, or None when nobody owns it;
    `protection`: its active protection when the caller read it already (or None)."""
    if ownership is None or ownership.owner_id is None:
        return None
    if protection is _UNKNOWN:
        protection = protection_active_for(customer=ownership.customer_id)
    return _last_day(
        since=ownership.since,
        reason=ownership.reason,
        last_sale_at=ownership.last_sale_at,
        protected_until=protection.ends_on if protection else None,
        today=today,
        first=param("pool.first_contact_months"),
        sale=param("pool.no_sale_months"),
    )


def with_protection(qs: QuerySet) -> QuerySet:
    """Customers annotated with their active protection's last day (`protected_until`), so a
    page of them needs no second query (`last_days_for`)."""
    return qs.annotate(
        protected_until=Subquery(
            Protection.objects.filter(customer_id=OuterRef("pk"), ended_at__isnull=True).values(
                "ends_on"
            )[:1]
        )
    )


def last_days_for(*, customers, today: dt.date) -> dict[int, LastDay]:
    """The last day of each owned customer of a page (its ownership selected with it); no
    query when the page was read `with_protection`, else one."""
    owned = [c for c in customers if getattr(c, "ownership", None) and c.ownership.owner_id]
    if all(hasattr(c, "protected_until") for c in owned):
        until = {c.pk: c.protected_until for c in owned if c.protected_until}
    else:
        until = dict(
            Protection.objects.filter(
                customer_id__in=[c.pk for c in owned], ended_at__isnull=True
            ).values_list("customer_id", "ends_on")
        )
    first, sale = param("pool.first_contact_months"), param("pool.no_sale_months")
    return {
        c.pk: _last_day(
            since=c.ownership.since,
            reason=c.ownership.reason,
            last_sale_at=c.ownership.last_sale_at,
            protected_until=until.get(c.pk),
            today=today,
            first=first,
            sale=sale,
        )
        for c in owned
    }


def customer_ids_by_days_left(*, customers: QuerySet, today: dt.date) -> list[int]:
    """The owned customers of `customers` (a scoped, filtered customer queryset), fewest
    days left first, then by id.

    The last day is month arithmetic over three columns and the protection, which no index
    orders, so the ids are sorted here: three narrow columns per owned customer, bounded by
    what one rep may own (`pool.max_owned`)."""
    rows = customers.filter(ownership__owner__isnull=False).values_list(
        "pk", "ownership__since", "ownership__reason", "ownership__last_sale_at"
    )
    rows = list(rows.order_by())
    until = dict(
        Protection.objects.filter(
            customer_id__in=customers.filter(ownership__owner__isnull=False).values("pk"),
            ended_at__isnull=True,
        ).values_list("customer_id", "ends_on")
    )
    first, sale = param("pool.first_contact_months"), param("pool.no_sale_months")
    keyed = []
    for pk, since, reason, last_sale in rows:
        found = _last_day(
            since=since,
            reason=reason,
            last_sale_at=last_sale,
            protected_until=until.get(pk),
            today=today,
            first=first,
            sale=sale,
        )
        keyed.append((found.day, pk))
    keyed.sort()
    return [pk for _day, pk in keyed]


# Writes --------------------------------------------------------------------------------
# Each write keeps Ownership.protected_until too: the nightly expiry reads that column (one
# condition of its set-based statement, POOL-10's "protected customers do not expire").


def _kept_until(ends_on: dt.date) -> dt.datetime:
    """The moment a protection kept through `ends_on` stops keeping: the next day's start."""
    return timezone.make_aware(dt.datetime.combine(ends_on + dt.timedelta(days=1), dt.time.min))


@transaction.atomic
def protection_start(*, customer, user, now: dt.datetime, days: int | None = None) -> Protection:
    """POOL-11: the owner protects a customer for `days` (at most `pool.protect_days`)."""
    most, longest = param("pool.protect_max"), param("pool.protect_days")
    if not most or not longest:
        raise ValidationError(_("Protecting customers is switched off."), "off")
    days = longest if days is None else days
    if not 1 <= days <= longest:
        raise ValidationError(
            {"days": _("Choose between 1 and %(most)s days.") % {"most": longest}}
        )
    # The owner's row first: two protections at once by one owner cannot both pass the cap.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    owner_id = (
        Ownership.objects.select_for_update()
        .filter(customer=customer)
        .values_list("owner_id", flat=True)
        .first()
    )
    if owner_id != user.pk:
        raise ValidationError(_("Only the customer's owner may protect it."), "owner")
    current = protection_active_for(customer=customer)
    if current is not None:
        raise ValidationError(
            _("This customer is already protected until %(date)s.")
            % {"date": current.ends_on.isoformat()},
            "protected",
        )
    if protected_count(user=user) >= most:
        raise ValidationError(
            _("You already protect %(count)s customers, the most allowed. End one first.")
            % {"count": most},
            "max",
        )
    today = timezone.localdate(now)
    protection = Protection(
        customer=customer,
        owner=user,
        started_at=now,
        ends_on=today + dt.timedelta(days=days - 1),
        params={"pool.protect_max": most, "pool.protect_days": longest, "days": days},
    )
    protection.full_clean()
    protection.save()
    Ownership.objects.filter(customer=customer).update(
        protected_until=_kept_until(protection.ends_on)
    )
    return protection


@transaction.atomic
def protection_end(*, customer, user, now: dt.datetime) -> Protection:
    """The owner ends a protection early."""
    protection = (
        Protection.objects.select_for_update()
        .filter(customer=customer, ended_at__isnull=True, owner=user)
        .first()
    )
    if protection is None:
        raise ValidationError(_("You have no protection on this customer."), "none")
    protection.ended_at = now
    protection.end_reason = ProtectionEnd.OWNER
    protection.save(update_fields=["ended_at", "end_reason"])
    Ownership.objects.filter(customer=customer).update(protected_until=None)
    return protection


def protection_end_run(*, now: dt.datetime) -> int:
    """The nightly step: protections whose last day has passed end (one UPDATE; a second run
    finds none). Before the expiry, so a customer whose protection ended expires tonight
    if its period has ended too."""
    today = timezone.localdate(now)
    ending = Protection.objects.filter(ended_at__isnull=True, ends_on__lt=today)
    with transaction.atomic():
        Ownership.objects.filter(customer_id__in=ending.values("customer_id")).update(
            protected_until=None
        )
        return ending.update(ended_at=now, end_reason=ProtectionEnd.EXPIRED)


def protections_follow_owner(*, customer, owner, now: dt.datetime) -> None:
    """A customer that changes owner keeps no protection of the previous owner."""
    active = Protection.objects.filter(customer=customer, ended_at__isnull=True)
    if owner is not None:
        active = active.exclude(owner=owner)
    if active.update(ended_at=now, end_reason=ProtectionEnd.OWNER_CHANGED):
        Ownership.objects.filter(customer=customer).update(protected_until=None)
