"""Template helpers of the analysis pages."""

from django import template

from analysis.tables import display

register = template.Library()


@register.filter
def figure(item):
    """A headline figure as the tables show numbers."""
    return display(item.value, item.kind)
