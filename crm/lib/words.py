"""Small pieces of wording both languages need (WORK-4)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import pgettext


def word_list(items: Iterable) -> str:
    """Items joined the reader's way: "a, b, c" in English, "甲、乙、丙" in Chinese."""
    return pgettext("list separator", ", ").join(str(item) for item in items)


def person_name(user) -> str:
    """How people are addressed: 张伟 for Chinese names, "Ada Lovelace" otherwise."""
    first, last = user.first_name.strip(), user.last_name.strip()
    if not (first or last):
        return user.get_username()
    if any("\u4e00" <= ch <= "\u9fff" for ch in first + last):
        return f"{last}{first}"
    return f"{first} {last}".strip()
