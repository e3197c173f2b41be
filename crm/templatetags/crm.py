"""Presentation helpers: money and people shown the way the teams expect."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils import timezone
from django.utils.translation import pgettext

from crm.lib.dates import time_ago, time_span
from crm.lib.words import word_list
from crm.rules import rule_words
from crm.selectors import person_name

register = template.Library()

FEN = Decimal("0.01")


@register.filter
def yuan(value) -> str:
    """¥12,345.60: yuan with fen, thousands grouped, in every language."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(FEN, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"


@register.filter
def person(user) -> str:
    return person_name(user) if user else ""


register.filter("word_list", word_list)


def _local(value):
    return timezone.localtime(value) if isinstance(value, dt.datetime) else value


@register.filter
def ago(value) -> str:
    """ "刚刚" / "just now", "3周5天前" / "3 weeks, 5 days ago" (WORK-4)."""
    return time_ago(_local(value), timezone.localtime()) if value else ""


@register.filter
def span(value) -> str:
    """How long since `value`: "3周5天" / "3 weeks, 5 days"; "刚刚" under a minute."""
    if not value:
        return ""
    return time_span(_local(value), timezone.localtime()) or pgettext("time", "just now")


@register.filter(name="rule_words")
def rule_words_filter(rule: str) -> str:
    """A rule in plain words, for a column that says which rule applies ("" if unworded)."""
    return rule_words(rule) if rule else ""


@register.inclusion_tag("includes/why.html")
def why(rule: str, params: dict | None = None) -> dict:
    """WORK-4: a rule in plain words, its ID in a small "why" detail the user may open.

    `{% why row.rule row.params %}`, or several rules at once: `{% why "CARD-3, CARD-5" %}`;
    shows nothing for an empty rule.
    """
    ids = [part.strip() for part in (rule or "").split(",") if part.strip()]
    words = [found for rule_id in ids if (found := rule_words(rule_id, params))]
    return {"rule": ", ".join(ids), "words": "; ".join(words)}
