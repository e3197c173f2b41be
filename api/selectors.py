"""Reads of the API app: a user's own tokens (another user's token answers 404)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from api.models import ApiToken


def tokens_for(*, user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def token_get_for(*, user, pk: int) -> ApiToken:
    return get_object_or_404(tokens_for(user=user), pk=pk)
