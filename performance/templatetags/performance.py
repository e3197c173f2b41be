"""{% load performance %}: points with their sign, rates as percentages."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def signed(value) -> str:
    """+5, −2, 0: a point change always shows which way it goes."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return ""
    return f"+{number}" if number > 0 else str(number)


@register.filter
def percent(rate) -> str:
    """0.03 → 3%, 0.035 → 3.5%."""
    if rate in (None, ""):
        return ""
    shown = (Decimal(str(rate)) * 100).normalize()
    return f"{shown:f}%"


@register.filter
def absolute(value):
    """A penalty is shown as "Penalty ¥200.00", not "Penalty -¥200.00"."""
    try:
        return abs(value)
    except TypeError:
        return value
