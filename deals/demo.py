"""Demo deals: confirmed sales (tiers move), a payment waiting for finance, a part-paid deal.

Built through the deal services on the demo customers of customers/demo.py, so the payment
queue, tiers, receivables and the first-deal owner rule (POOL-2) all show something.
Loaded only where there are no deals yet, so a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from customers.models import Customer
from deals.models import Deal, PaymentMethod
from deals.services import LineInput, deal_create, payment_confirm, payment_record

# (customer phone, closing rep, lines, paid amounts: (amount, confirmed?), days ago)
DEALS = (
    (
        "13900000001",
        "rep",
        (("保健礼盒", 2, "1800.00"), ("按摩靠垫", 1, "1280.00")),
        (("4880.00", True),),
        50,
    ),
    (
        "13900000003",
        "rep",
        (("家用理疗仪", 1, "36800.00"),),
        (("20000.00", True), ("16800.00", False)),
        12,
    ),
    ("01065550100", "rep", (("养老社区健康套餐", 20, "2980.00"),), (("30000.00", True),), 30),
    # An ownerless customer who buys from rep2: the first deal makes rep2 the owner.
    ("13900000011", "rep2", (("保健礼盒", 1, "1800.00"),), (("1800.00", False),), 2),
)


@transaction.atomic
def demo_load(*, now: dt.datetime) -> str:
    if Deal.objects.exists():  # demo data is for a new installation only
        return ""
    users = {u.username: u for u in get_user_model().objects.filter(is_active=True)}
    customers = {c.phone: c for c in Customer.objects.filter(phone__in=[d[0] for d in DEALS])}
    finance = users.get("finance")
    made = 0
    for phone, rep, lines, paid, days_ago in DEALS:
        customer = customers.get(phone)
        if customer is None or rep not in users or finance is None:
            continue
        at = now - dt.timedelta(days=days_ago)
        deal = deal_create(
            customer=customer,
            rep=users[rep],
            by=users[rep],
            lines=[LineInput(p, q, Decimal(price)) for p, q, price in lines],
            now=at,
        )
        for amount, confirmed in paid:
            payment = payment_record(
                deal=deal,
                amount=Decimal(amount),
                received_on=timezone.localdate(at),
                method=PaymentMethod.TRANSFER,
                by=users[rep],
                now=at,
            )
            if confirmed:
                payment_confirm(payment_id=payment.pk, by=finance, now=at + dt.timedelta(hours=3))
        made += 1
    return f"Demo deals loaded: {made} (with payments waiting for finance)." if made else ""
