"""Small pieces of wording both languages need (WORK-4)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import pgettext


def word_list(items: Iterable) -> str:
    """Items joined the reader's way: "a, b, c" in English, "甲、乙、丙" in Chinese."""
    return pgettext("list separator", ", ").join(str(item) for item in items)
