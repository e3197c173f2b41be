"""Menu entries of performance: points for everyone, commission for those who earn or pay it."""

from django.utils.translation import gettext_lazy as _

from crm.navigation import NavItem, perm


def _earns_commission(user) -> bool:
    """Reps see their own commission; finance (who sees everyone's) gets the list instead."""
    return user.has_perm("performance.view_own_commission") and not user.has_perm(
        "performance.view_all_commission"
    )


NAV = (
    NavItem(
        "points",
        _("Points"),
        "performance:my_points",
        perm("performance.view_own_points"),
        group="pay",
    ),
    NavItem(
        "commission",
        _("My commission"),
        "performance:my_commission",
        _earns_commission,
        group="pay",
    ),
    NavItem(
        "commission_statements",
        _("Commission"),
        "performance:commission_list",
        perm("performance.view_all_commission"),
        group="pay",
    ),
)
