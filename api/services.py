"""Writes of the API app: making, revoking and checking personal tokens; logging calls
(API-1); the private calendar feed's secret (API-3); webhooks: queuing, signing, sending
and retrying their deliveries (API-2)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from api.models import (
    SUBSCRIBABLE,
    ApiCall,
    ApiToken,
    CalendarFeed,
    Delivery,
    DeliveryAttempt,
    DeliveryStatus,
    Webhook,
    WebhookEvent,
)
from crm.parameters import param

# What a secret starts with, so a leaked one is recognised (e.g. by secret scanners).
SECRET_PREFIX = "crm_"
FEED_PREFIX = "cal_"
PREFIX_SHOWN = 8
# last_used_at is written at most this often per token: not one UPDATE per call.
LAST_USED_GRANULARITY = dt.timedelta(minutes=1)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(*, user, name: str, now: dt.datetime, days: int | None = None):
    """A new token for `user`; returns (token, secret). The secret is never stored."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Name the token, e.g. after the tool that uses it.")})
    days = int(param("api.token_days")) if days is None else days
    if days < 1:
        raise ValidationError({"days": _("A token works for at least one day.")})
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=secret[: len(SECRET_PREFIX) + PREFIX_SHOWN],
        secret_hash=secret_hash(secret),
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    return token, secret


def token_revoke(*, token: ApiToken, by, now: dt.datetime) -> ApiToken:
    """The owner ends a token at once; revoking twice keeps the first time."""
    if token.user_id != by.pk:
        raise ValidationError(_("Only the token's owner may revoke it."), "owner")
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
    token.refresh_from_db(fields=["revoked_at"])
    return token


def token_authenticate(*, secret: str, now: dt.datetime) -> ApiToken | None:
    """The live token with this secret (not revoked, not expired, its user active), or None."""
    if not secret or not secret.startswith(SECRET_PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            secret_hash=secret_hash(secret),
            revoked_at__isnull=True,
            expires_at__gt=now,
            user__is_active=True,
        )
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or token.last_used_at <= now - LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now)
        ).update(last_used_at=now)
        token.last_used_at = now
    return token


def call_log(
    *, token: ApiToken | None, method: str, path: str, status: int, at, duration_ms: int
) -> ApiCall:
    return ApiCall.objects.create(
        token=token,
        user_id=token.user_id if token else None,
        method=method[:10],
        path=path[:500],
        status=status,
        at=at,
        duration_ms=max(int(duration_ms), 0),
    )


# API-3: the calendar feed ------------------------------------------------------------


def _feed_language(language: str | None) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else "zh-hans"


@transaction.atomic
def calendar_feed_issue(*, user, now: dt.datetime, language: str | None = None):
    """Make the user's feed, or reset it (a new secret; the old URL stops at once). Returns
    (feed, secret); the secret is never stored, only its SHA-256."""
    secret = FEED_PREFIX + secrets.token_urlsafe(32)
    feed, _created = CalendarFeed.objects.update_or_create(
        user=user,
        defaults={
            "prefix": secret[: len(FEED_PREFIX) + PREFIX_SHOWN],
            "secret_hash": secret_hash(secret),
            "language": _feed_language(language),
            "created_at": now,
            "revoked_at": None,
            "last_used_at": None,
        },
    )
    return feed, secret


def calendar_feed_revoke(*, user, now: dt.datetime) -> int:
    """Stop the user's feed; revoking twice keeps the first time. Returns rows changed."""
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)


def calendar_feed_authenticate(*, secret: str, now: dt.datetime) -> CalendarFeed | None:
    """The live feed with this secret (not revoked, its user active), or None."""
    if not secret or not secret.startswith(FEED_PREFIX) or len(secret) > 200:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(secret_hash=secret_hash(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if feed is None:
        return None
    if feed.last_used_at is None or feed.last_used_at <= now - LAST_USED_GRANULARITY:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
        feed.last_used_at = now
    return feed


# Webhooks (API-2) --------------------------------------------------------------------------

# Event ids are UUIDs derived from what happened (uuid5 of a key such as
# "customer.claimed:42:2026-11-23T01:30:00+00:00"), so the same event emitted twice has the
# same id and the unique (webhook, event_id) keeps one delivery.
EVENT_NAMESPACE = uuid.UUID("5b0f3c2e-6c1d-4d8e-9a57-2f4f1e0f3a11")
# A claimed delivery not finished within this time (a worker killed mid-send) is due again.
DELIVERY_LEASE = dt.timedelta(minutes=2)
# Deliveries per queued task: a burst is spread over the workers in chunks of this size.
DELIVERY_CHUNK = 25
USER_AGENT = "crm-webhooks/1"


def webhook_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def webhook_sign(*, secret: str, timestamp: str, body: bytes) -> str:
    """The X-CRM-Signature header: sha256=HMAC-SHA256(secret, "{timestamp}.{body}")."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def webhook_create(*, url: str, events, by, now: dt.datetime) -> Webhook:
    """A new webhook for `events`; its secret is made here and shown to the admin."""
    events = [str(e) for e in SUBSCRIBABLE if e in set(events or ())]
    if not events:
        raise ValidationError({"events": _("Choose at least one event.")})
    return Webhook.objects.create(
        url=url, events=events, secret=webhook_secret(), created_by=by, created_at=now
    )


def event_id_for(key: str) -> uuid.UUID:
    return uuid.uuid5(EVENT_NAMESPACE, key)


def webhook_emit_many(*, event: str, items, now: dt.datetime) -> int:
    """Queue `event` for every active webhook that wants it: `items` are (key, data) pairs,
    one per occurrence. Set-based (one bulk INSERT … ON CONFLICT DO NOTHING).

    Written in the caller's transaction (an outbox): a rollback takes the deliveries back,
    a commit keeps them even if the process dies before sending. They are sent after the
    commit (transaction.on_commit queues the task); rows a lost queue never sent are due
    and the minute sweep sends them. Returns how many deliveries were new.
    """
    hooks = [h for h in Webhook.objects.filter(is_active=True) if event in (h.events or [])]
    if not hooks:
        return 0
    rows = []
    ids = []
    for key, data in items:
        event_id = event_id_for(f"{event}:{key}")
        ids.append(event_id)
        payload = {"id": str(event_id), "event": event, "at": now.isoformat(), "data": data}
        rows.extend(
            Delivery(
                webhook=hook,
                event=event,
                event_id=event_id,
                payload=payload,
                next_attempt_at=now,
                created_at=now,
            )
            for hook in hooks
        )
    if not rows:
        return 0
    Delivery.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    # The ids of the rows this call made (ignore_conflicts gives none back): not yet tried.
    new = list(
        Delivery.objects.filter(
            webhook__in=hooks, event_id__in=ids, attempts=0, created_at=now
        ).values_list("pk", flat=True)
    )
    if new:
        transaction.on_commit(lambda: deliveries_queue(delivery_ids=new))
    return len(new)


def webhook_emit(*, event: str, key: str, data: dict, now: dt.datetime) -> int:
    """One occurrence of `event` (see webhook_emit_many)."""
    return webhook_emit_many(event=event, items=[(key, data)], now=now)


def deliveries_queue(*, delivery_ids) -> None:
    """Hand deliveries to the task queue, in chunks the workers share."""
    from django_q.tasks import async_task  # deferred: the queue is needed only to send

    ids = list(delivery_ids)
    for start in range(0, len(ids), DELIVERY_CHUNK):
        async_task("api.tasks.webhook_deliver", ids[start : start + DELIVERY_CHUNK])


def backoff(*, attempts: int) -> dt.timedelta:
    """The wait after the `attempts`-th failed attempt: base × factor^(attempts − 1)."""
    base = int(param("api.webhook_backoff_minutes"))
    factor = int(param("api.webhook_backoff_factor"))
    return dt.timedelta(minutes=base * factor ** max(attempts - 1, 0))


def delivery_claim(*, delivery_id: int, now: dt.datetime) -> bool:
    """Take a due delivery for one attempt: one conditional UPDATE, so of two workers only
    one matches the row; the lease keeps others off it while it is being sent.

    Every condition is on the row's own columns: PostgreSQL rechecks those against the row
    the other worker just committed. A condition on a join (webhook__is_active) would make
    Django write `WHERE id IN (SELECT …)`, which is not rechecked, and both would claim it
    (bench/webhooks_burst.py found that).
    """
    return bool(
        Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING)
        .filter(next_attempt_at__lte=now)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .update(locked_until=now + DELIVERY_LEASE, attempts=F("attempts") + 1)
    )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer like any non-2xx: urllib would follow it as a GET without
    the body, which the receiver would then "accept"."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _post(*, url: str, body: bytes, headers: dict, timeout: float) -> tuple[int | None, str]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return None, f"{type(error).__name__}: {reason}"[:500]


def delivery_send(*, delivery_id: int, now: dt.datetime) -> str | None:
    """One attempt of a delivery, if this worker can claim it; returns the new status, or
    None when the delivery was not due or another worker had it."""
    if not delivery_claim(delivery_id=delivery_id, now=now):
        return None
    delivery = Delivery.objects.select_related("webhook").get(pk=delivery_id)
    hook = delivery.webhook
    if not hook.is_active:  # paused by an admin: not an attempt; sent once it is active again
        Delivery.objects.filter(pk=delivery.pk).update(
            locked_until=None, attempts=F("attempts") - 1
        )
        return None
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = str(int(now.timestamp()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-CRM-Event": delivery.event,
        "X-CRM-Delivery": str(delivery.event_id),
        "X-CRM-Timestamp": timestamp,
        "X-CRM-Signature": webhook_sign(secret=hook.secret, timestamp=timestamp, body=body),
    }
    started = time.monotonic()
    code, error = _post(
        url=hook.url, body=body, headers=headers, timeout=int(param("api.webhook_timeout_seconds"))
    )
    duration_ms = int((time.monotonic() - started) * 1000)
    if code is not None and not 200 <= code < 300:
        error = f"HTTP {code}"
    with transaction.atomic():
        DeliveryAttempt.objects.create(
            delivery=delivery,
            number=delivery.attempts,
            at=now,
            status_code=code,
            error=error,
            duration_ms=duration_ms,
        )
        changes = {"locked_until": None, "last_status_code": code, "last_error": error}
        if code is not None and 200 <= code < 300:
            changes |= {"status": DeliveryStatus.DELIVERED, "delivered_at": now}
        elif delivery.attempts >= int(param("api.webhook_attempts")):
            changes |= {"status": DeliveryStatus.FAILED, "next_attempt_at": None}
        else:
            changes["next_attempt_at"] = now + backoff(attempts=delivery.attempts)
        Delivery.objects.filter(pk=delivery.pk).update(**changes)
    return changes.get("status", DeliveryStatus.PENDING)


def deliveries_due(*, now: dt.datetime, limit: int = 1000) -> list[int]:
    """Pending deliveries whose next attempt is due and that no worker holds."""
    return list(
        Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .filter(webhook__is_active=True)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def webhook_test(*, webhook: Webhook, by, now: dt.datetime) -> Delivery:
    """A test event for one webhook (the admin's "send a test event"), sent at once."""
    event_id = uuid.uuid4()
    delivery = Delivery.objects.create(
        webhook=webhook,
        event=WebhookEvent.TEST,
        event_id=event_id,
        payload={
            "id": str(event_id),
            "event": str(WebhookEvent.TEST),
            "at": now.isoformat(),
            "data": {"by": by.get_username() if by else None},
        },
        next_attempt_at=now,
        created_at=now,
    )
    delivery_send(delivery_id=delivery.pk, now=now)
    delivery.refresh_from_db()
    return delivery
