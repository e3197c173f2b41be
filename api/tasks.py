"""Jobs of the api app (API-2): thin, each calls one service with the current time."""

from django.utils import timezone

from api.services import deliveries_due, deliveries_queue, delivery_send


def webhook_deliver(delivery_ids) -> dict[str, int]:
    """One attempt of each delivery this worker can claim (others skip it)."""
    counts: dict[str, int] = {}
    for delivery_id in delivery_ids:
        status = delivery_send(delivery_id=delivery_id, now=timezone.now())
        key = status or "skipped"
        counts[key] = counts.get(key, 0) + 1
    return counts


def webhook_sweep() -> int:
    """Every minute: retries whose backoff ended, deliveries a lost queue never sent and
    attempts a killed worker left half-done go back to the queue."""
    due = deliveries_due(now=timezone.now())
    deliveries_queue(delivery_ids=due)
    return len(due)
