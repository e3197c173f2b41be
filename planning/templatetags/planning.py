"""{% load planning %}: dates of weeks as the plan pages show them."""

import datetime as dt

from django import template

register = template.Library()


@register.filter
def add_days(day, days) -> dt.date | str:
    """`week_start|add_days:6` is the Sunday of that week."""
    if not isinstance(day, dt.date):
        return ""
    return day + dt.timedelta(days=int(days))
