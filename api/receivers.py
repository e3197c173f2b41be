"""The api app listens to the feature apps' signals and turns them into webhook events
(API-2). The feature apps declare the signals and import nothing of the api app;
ApiConfig.ready() connects these receivers (docs/decisions.md, "API-2")."""

from __future__ import annotations

from api.models import Webhook, WebhookEvent
from api.services import webhook_emit, webhook_emit_many

# How many overdue visits one query of the daily job reads at a time.
OVERDUE_CHUNK = 2000


def _customer_items(changes, *, now):
    return [
        (
            f"{c['customer_id']}:{now.isoformat()}",
            {
                "customer": {"id": c["customer_id"], "name": c["customer_name"]},
                "from_owner": c["from_owner_id"],
                "to_owner": c["to_owner_id"],
                "pool": c["pool_id"],
                "reason": c["reason"],
                "rule": c["rule"],
            },
        )
        for c in changes
    ]


def on_customers_pooled(sender, *, changes, now, **kwargs) -> None:
    webhook_emit_many(
        event=WebhookEvent.CUSTOMER_POOLED, items=_customer_items(changes, now=now), now=now
    )


def on_customers_claimed(sender, *, changes, now, **kwargs) -> None:
    webhook_emit_many(
        event=WebhookEvent.CUSTOMER_CLAIMED, items=_customer_items(changes, now=now), now=now
    )


def on_payment_confirmed(sender, *, payment, now, **kwargs) -> None:
    webhook_emit(
        event=WebhookEvent.PAYMENT_CONFIRMED,
        key=str(payment.pk),
        data={
            "payment": {
                "id": payment.pk,
                "amount": str(payment.amount),
                "received_on": payment.received_on.isoformat(),
                "confirmed_at": payment.confirmed_at.isoformat(),
                "confirmed_by": payment.confirmed_by_id,
            },
            "deal": payment.deal_id,
            "customer": {"id": payment.customer_id, "name": payment.customer.name},
        },
        now=now,
    )


def on_visits_overdue(sender, *, tasks, today, now, **kwargs) -> None:
    if not any(  # nobody listens: the visits are not even read
        WebhookEvent.VISIT_OVERDUE in (events or [])
        for events in Webhook.objects.filter(is_active=True).values_list("events", flat=True)
    ):
        return
    rows = tasks.order_by("pk").values_list(
        "pk", "due_on", "customer_id", "customer__name", "assignee_id"
    )
    last = 0
    while True:
        chunk = list(rows.filter(pk__gt=last)[:OVERDUE_CHUNK])
        if not chunk:
            return
        last = chunk[-1][0]
        webhook_emit_many(
            event=WebhookEvent.VISIT_OVERDUE,
            items=[
                (
                    f"{pk}:{due_on.isoformat()}",
                    {
                        "visit_task": {"id": pk, "due_on": due_on.isoformat()},
                        "customer": {"id": customer_id, "name": name},
                        "assignee": assignee_id,
                        "days_overdue": (today - due_on).days,
                    },
                )
                for pk, due_on, customer_id, name, assignee_id in chunk
            ],
            now=now,
        )
