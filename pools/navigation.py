"""Menu entries of the pool: the pool itself next to the customer list, and the handover
of leavers after the deals entries (crm/navigation.py explains `order`)."""

from django.utils.translation import gettext_lazy as _

from crm.navigation import NavItem, perm
from pools.handover import handover_can_view


def _handover(user) -> bool:
    return handover_can_view(user=user)


NAV = (
    NavItem("pool", _("Customer pool"), "pools:pool_list", perm("customers.add_survey"), order=110),
    NavItem("handover", _("Handover"), "pools:handover_list", _handover, order=250),
    NavItem(
        "pool_settings", _("Pool settings"), "pools:settings", perm("pools.change_pool"), order=905
    ),
)
