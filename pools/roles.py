"""Permissions the roles get on the pool's records. Claiming, releasing and handing over
follow the customers app's permissions (who sells, who assigns); admins read ownerships
and their history."""

PERMISSIONS = {
    "admin": (
        "pools.view_ownership",
        "pools.view_ownershipchange",
        # POOL-9, POOL-15: the pools and their rules (the rule-settings page).
        "pools.add_pool",
        "pools.change_pool",
        "pools.view_pool",
        "pools.view_poolrule",
        "pools.view_protection",
        "pools.view_contactreveal",
        "pools.view_ruling",
    ),
    # POOL-12: the pool admin reveals a pool customer's contact details (logged). Until pools
    # have their own admins (POOL-9), the sales manager is the pool's admin.
    "sales_manager": ("pools.add_contactreveal",),
}
