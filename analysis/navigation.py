from django.utils.translation import gettext_lazy as _

from crm.navigation import NavItem, perm

NAV = (
    NavItem(
        "analysis",
        _("Analysis"),
        "analysis:overview",
        perm("analysis.view_analysis"),
        group="manage",
    ),
)
