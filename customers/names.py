"""Search keys for names and phones: pinyin for Chinese names, digits for phones."""

import re

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
