"""{% load telesales %}: how calls and plans read on the pages."""

from django import template

from telesales.selectors.calls import call_reasons

register = template.Library()


@register.filter
def invalid_reasons(call) -> str:
    """Why a call is not valid (TEL-1): "not recorded: headcount, IT status" (、 in Chinese)."""
    return "; ".join(call_reasons(call=call))


@register.filter
def outcome_count(figures: dict, code: str) -> int:
    return (figures or {}).get("by_outcome", {}).get(code, 0)


@register.filter
def reached(done, target) -> bool:
    """Whether a planned figure is reached (no target: nothing to reach)."""
    return target is None or (done or 0) >= target
