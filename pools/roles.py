"""Permissions the roles get on the pool's records. Claiming, releasing and handing over
follow the customers app's permissions (who sells, who assigns); admins read ownerships
and their history."""

PERMISSIONS = {
    "admin": (
        "pools.view_ownership",
        "pools.view_ownershipchange",
        "pools.view_protection",
        "pools.view_contactreveal",
        "pools.view_ruling",
    ),
    # POOL-12: the pool admin reveals a pool customer's contact details (logged). Until pools
    # have their own admins (POOL-9), the sales manager is the pool's admin.
    "sales_manager": ("pools.add_contactreveal",),
}
