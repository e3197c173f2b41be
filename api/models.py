"""Personal API tokens and the log of every API call (API-1).

A token's secret is shown once, when it is made; only its SHA-256 is stored, so a copy of
the database opens no account. A token works until it expires or its owner revokes it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    # The first characters of the secret, to tell tokens apart in the list (not secret).
    prefix = models.CharField(_("prefix"), max_length=12)
    secret_hash = models.CharField(_("secret (SHA-256)"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["user", "-created_at"], name="api_token_user_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_active_at(self, now) -> bool:
        return self.revoked_at is None and self.expires_at > now


class ApiCall(models.Model):
    """One request to the API: who (by which token), what, the answer's status, how long."""

    token = models.ForeignKey(
        ApiToken,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("token"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=500)
    status = models.PositiveSmallIntegerField(_("status"))
    at = models.DateTimeField(_("at"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))

    class Meta:
        verbose_name = _("API call")
        verbose_name_plural = _("API calls")
        indexes = [models.Index(fields=["-at"], name="api_call_at_idx")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"


class CalendarFeed(models.Model):
    """API-3: a user's private calendar feed. Its secret is the credential of the feed URL
    (no login): only its SHA-256 is stored, the URL is shown once, on making or resetting.
    Resetting gives a new secret (the old URL stops at once); revoking stops the feed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    prefix = models.CharField(_("prefix"), max_length=12)
    secret_hash = models.CharField(_("secret (SHA-256)"), max_length=64, unique=True)
    # The language the feed's events are worded in: the page's language when it was made.
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    created_at = models.DateTimeField(_("created at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user} ({self.prefix}…)"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None


# Webhooks (API-2) --------------------------------------------------------------------------


class WebhookEvent(models.TextChoices):
    CUSTOMER_POOLED = "customer.pooled", _("Customer returned to the pool")
    CUSTOMER_CLAIMED = "customer.claimed", _("Customer claimed from the pool")
    PAYMENT_CONFIRMED = "payment.confirmed", _("Payment confirmed")
    VISIT_OVERDUE = "visit.overdue", _("Visit overdue")
    # Sent only by the admin's "send a test event"; no webhook subscribes to it.
    TEST = "test", _("Test event")


# The events a webhook may be registered for.
SUBSCRIBABLE = (
    WebhookEvent.CUSTOMER_POOLED,
    WebhookEvent.CUSTOMER_CLAIMED,
    WebhookEvent.PAYMENT_CONFIRMED,
    WebhookEvent.VISIT_OVERDUE,
)


class Webhook(models.Model):
    """A URL an admin registered for some events; each delivery is signed with `secret`."""

    url = models.URLField(_("URL"), max_length=500)
    events = models.JSONField(_("events to send"), default=list)
    # Shown to the admin once, when the webhook is made; kept, since signing needs it.
    secret = models.CharField(_("secret"), max_length=64, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed")


class Delivery(models.Model):
    """One event for one webhook: sent until the receiver answers 2xx or attempts run out.

    (webhook, event_id) is unique, so an event emitted twice is queued once. A worker
    claims a due delivery with a conditional UPDATE that sets `locked_until`; another
    worker's UPDATE then matches nothing, so one attempt is sent by one worker.
    """

    webhook = models.ForeignKey(
        Webhook, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("webhook")
    )
    event = models.CharField(_("event type"), max_length=40, choices=WebhookEvent.choices)
    event_id = models.UUIDField(_("event id"))
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(
        _("last status code"), null=True, blank=True
    )
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"))
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["webhook", "event_id"], name="api_delivery_once")
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="api_delivery_due_idx",
                condition=models.Q(status="pending"),
            ),
            models.Index(fields=["webhook", "-created_at"], name="api_delivery_hook_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.event_id}"


class DeliveryAttempt(models.Model):
    """Every attempt to send a delivery: when, the answer's status or the error, how long."""

    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="attempt_log", verbose_name=_("delivery")
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    at = models.DateTimeField(_("at"))
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="api_attempt_once")
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.status_code or self.error}"
