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
    ),
}
