"""Rules in plain words (WORK-4): running text says what a rule means, its ID sits in a detail.

Each app declares the words for the rules it enforces in its `rules.py`:

    RULE_WORDS = {"POOL-1": lambda p: _("no deal within %(months)s months") % p}

A value is a callable of the stored parameters (or a plain lazy string). Templates use
`{% why rule params %}` (crm/templatetags/crm.py), which shows the words and, in a small
"why" detail, the rule's ID.
"""

from __future__ import annotations

from functools import cache


@cache
def all_rule_words() -> dict:
    from crm.plugins import app_modules  # deferred: app registry must be ready

    words: dict = {}
    for module in app_modules("rules"):
        for rule_id, value in getattr(module, "RULE_WORDS", {}).items():
            if rule_id in words:
                raise LookupError(f"{module.__name__} words rule {rule_id} again")
            words[rule_id] = value
    return words


def rule_words(rule_id: str, params: dict | None = None) -> str:
    """The rule's meaning in the active language ("" when nobody worded it)."""
    value = all_rule_words().get(rule_id)
    if value is None:
        return ""
    if callable(value):
        try:
            return str(value(params or {}))
        except (KeyError, TypeError, ValueError):
            return ""
    return str(value)
