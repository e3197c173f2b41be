"""Search keys for names and phones: pinyin for Chinese names, digits for phones."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy
from pypinyin import lazy_pinyin

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_NOT_DIGIT = re.compile(r"\D+")


def name_search_keys(name: str) -> tuple[str, str]:
    """("zhangsan", "zs") for 张三; latin names give their letters, lower-cased."""
    syllables = [_NOT_ALNUM.sub("", s.lower()) for s in lazy_pinyin(name or "")]
    syllables = [s for s in syllables if s]
    full = "".join(syllables)
    initials = "".join(s[0] for s in syllables)
    return full[:400], initials[:100]


def normalize_phone(phone: str) -> str:
    """Digits only, without a +86 / 0086 country code: "+86 138-0013-8000" → 13800138000."""
    digits = _NOT_DIGIT.sub("", phone or "")
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 11:
            return digits[len(prefix) :]
    return digits


_PHONE_CHARACTERS = re.compile(r"^[\d\s+\-()]+$")
_PHONE_SHAPES = (
    re.compile(r"^1[3-9]\d{9}$"),  # a mobile number
    re.compile(r"^0[1-9]\d{8,10}$"),  # a landline with its area code (010…, 0755…)
    re.compile(r"^[48]00\d{7}$"),  # a national service number (400…, 800…)
)


def phone_clean(value: str) -> str:
    """A Chinese mobile or landline number as digits, or ValidationError; "" stays "".

    One check for every form that takes a phone (customers, surveys, imports): digits,
    spaces, +, - and brackets only; +86 / 0086 dropped; a landline needs its area code so
    it can be dialled from anywhere ("+86 10 1234 5678" becomes 01012345678).
    """

    raw = (value or "").strip()
    if not raw:
        return ""
    digits = normalize_phone(raw)
    if raw.startswith(("+86", "0086")) and not digits.startswith(("0", "1")):
        digits = "0" + digits[2:] if digits.startswith("86") else "0" + digits
    if not _PHONE_CHARACTERS.match(raw) or not any(p.match(digits) for p in _PHONE_SHAPES):
        # Lazy: an import keeps the message's msgid and words it for its reader (WORK-4).
        raise ValidationError(
            gettext_lazy(
                "Enter a mobile number (11 digits, starting 13–19) or a landline with its "
                "area code, e.g. 010-12345678."
            ),
            code="invalid_phone",
        )
    return digits


def name_grams(*texts: str) -> str:
    """WORK-6: the two-character pieces of the words of `texts`, space-separated, each once.

    "王秀英", "北京华信科技" → " 王秀 秀英 北京 京华 华信 信科 科技 ". A fragment of two or
    more characters is in a name only if all its own pieces are in this column; on
    PostgreSQL a GIN index over the pieces finds those rows (customers migration 0004),
    where a trigram index cannot serve a two-character fragment. Lower-cased, so "ib" finds
    IBM; a word of one character has no piece (one character matches at a name's start).
    """
    grams: dict[str, None] = {}
    for text in texts:
        for word in (text or "").lower().split():
            for i in range(len(word) - 1):
                grams[word[i : i + 2]] = None
    return f" {' '.join(grams)} " if grams else ""


def fragment_grams(fragment: str) -> list[str]:
    """The pieces a search fragment needs (see `name_grams`), each once, in order."""
    return list(dict.fromkeys(name_grams(fragment).split()))
