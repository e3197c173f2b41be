"""Factories for deals and payments (through the services, so totals are right)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth.models import Permission
from django.utils import timezone

from deals import services
from deals.models import Deal, Payment, PaymentMethod


def grant(user, *perms: str):
    """Give `user` permissions by "app.codename" (roles are the lead's to extend)."""
    for perm in perms:
        app, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=codename)
        )
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cache, None)
    return user


def make_deal(*, customer, rep, total: Decimal | str = "1000.00", now=None, by=None) -> Deal:
    """A one-line deal of `total`."""
    return services.deal_create(
        customer=customer,
        rep=rep,
        by=by or rep,
        lines=[services.LineInput("产品", 1, Decimal(total))],
        now=now or timezone.now(),
    )


def make_payment(
    *, deal, amount: Decimal | str, received_on: dt.date | None = None, by=None, now=None
) -> Payment:
    now = now or timezone.now()
    return services.payment_record(
        deal=deal,
        amount=Decimal(amount),
        received_on=received_on or timezone.localdate(now),
        method=PaymentMethod.TRANSFER,
        by=by or deal.rep,
        now=now,
    )


def pay_confirmed(*, deal, amount, received_on=None, finance, now=None) -> Payment:
    """A payment recorded and confirmed by finance (DEAL-1)."""
    now = now or timezone.now()
    p = make_payment(deal=deal, amount=amount, received_on=received_on, now=now)
    return services.payment_confirm(payment_id=p.pk, by=finance, now=now)


class DealFactory(factory.django.DjangoModelFactory):
    """A bare deal without lines (total 0); prefer make_deal for totals."""

    class Meta:
        model = Deal

    created_at = factory.LazyFunction(timezone.now)
