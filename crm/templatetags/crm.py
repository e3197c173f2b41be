"""Presentation helpers: money and people shown the way the teams expect."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

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


@register.inclusion_tag("includes/why.html")
def why(rule: str, params: dict | None = None) -> dict:
    """WORK-4: a rule in plain words, its ID in a small "why" detail the user may open.

    `{% why row.rule row.params %}`; shows nothing for an empty rule.
    """
    return {"rule": rule or "", "words": rule_words(rule, params) if rule else ""}
