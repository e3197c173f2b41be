"""{% load deals %}: the customer page's deals panel and a tier's reason."""

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from crm.templatetags.crm import yuan
from deals.models import Tier
from deals.selectors import customer_panel

register = template.Library()


@register.simple_tag
def deals_panel(customer, user=None) -> dict:
    """Panel data for one customer as `user` may read it, in a fixed number of queries."""
    return customer_panel(customer_id=customer.pk, user=user)


@register.filter
def tier_reason(row) -> str:
    """Why the customer has its tier in plain words, e.g. "A: ¥62,000.00 confirmed in the 12
    months to 23 Nov 2026"; the template puts its rule in the "why" detail (WORK-4)."""
    if row is None:
        return ""
    months = row.params.get("window_months", "")
    text = _("%(tier)s: %(total)s confirmed in the %(months)s months to %(end)s") % {
        "tier": row.get_tier_display(),
        "total": yuan(row.confirmed_total),
        "months": months,
        "end": date_format(row.window_end, "DATE_FORMAT") if row.window_end else "",
    }
    if row.tier == Tier.VIP:
        text += " · " + _("payments in %(n)s months (long-term, at least %(min)s)") % {
            "n": row.active_months,
            "min": row.params.get("longterm_months", ""),
        }
    elif row.tier == Tier.SPECIAL_VIP:
        text += " · " + _("payments in %(n)s months (not long-term, fewer than %(min)s)") % {
            "n": row.active_months,
            "min": row.params.get("longterm_months", ""),
        }
    if row.rule == "DEAL-3":
        text += " · " + _("capped at C: credit is not good")
    return text
