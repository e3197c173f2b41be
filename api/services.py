"""Writes of the API app: making, revoking and checking personal tokens; logging calls;
the private calendar feed's secret (API-3)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from api.models import ApiCall, ApiToken, CalendarFeed
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
