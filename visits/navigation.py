"""Menu entries of the visits: my day for whoever visits, the board for who supervises."""

from django.utils.translation import gettext_lazy as _

from crm.navigation import NavItem, perm

NAV = (
    NavItem("my_day", _("My day"), "visits:my_day", perm("visits.add_visitrecord"), group="work"),
    NavItem(
        "visit_board",
        _("Visit board"),
        "visits:board",
        perm("visits.view_visit_board"),
        group="work",
    ),
)

# The phone's bottom bar (WORK-5): the day's visits first.
BOTTOM = (
    NavItem("my_day", _("My day"), "visits:my_day", perm("visits.add_visitrecord"), order=10),
)
