"""Menu entries of the pool: the pool itself next to the customer list, and the handover
of leavers after the deals entries (crm/navigation.py explains `order`)."""

from django.utils.translation import gettext_lazy as _

from crm.navigation import NavItem, any_perm, perm
from pools.handover import handover_can_view


def _handover(user) -> bool:
    return handover_can_view(user=user)


NAV = (
    NavItem(
        "pool",
        _("Customer pool"),
        "pools:pool_list",
        # Reps claim from it; managers (and the general manager) watch and assign from it.
        any_perm("customers.add_survey", "customers.view_all_customers"),
        order=110,
        group="customers",
    ),
    NavItem(
        "handover", _("Handover"), "pools:handover_list", _handover, order=250, group="customers"
    ),
    NavItem(
        "pool_settings",
        _("Pool settings"),
        "pools:settings",
        perm("pools.change_pool"),
        order=905,
        group="manage",
    ),
)

# The phone's bottom bar (WORK-5): the pool, one tap away for whoever claims from it.
BOTTOM = (NavItem("pool", _("Pool"), "pools:pool_list", perm("customers.add_survey"), order=30),)
