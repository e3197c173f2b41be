"""Menu entries of the visits: my day for whoever visits, the board for who supervises."""

from django.utils.translation import gettext_lazy as _

from crm.navigation import NavItem, perm

NAV = (
    NavItem("my_day", _("My day"), "visits:my_day", perm("visits.add_visitrecord")),
    NavItem("visit_board", _("Visit board"), "visits:board", perm("visits.view_visit_board")),
)
