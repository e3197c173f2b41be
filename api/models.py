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
