"""One menu entry: the service pages link to each other (cases, queue, complaints,
feedback, reports) from the tabs at their top."""

from django.utils.translation import gettext_lazy as _

from crm.navigation import NavItem, perm

NAV = (
    NavItem(
        "service",
        _("After-sales service"),
        "service:case_mine",
        perm("service.add_case"),
        group="service",
    ),
)
