"""Permissions the roles get on the pool's records. Claiming, releasing and handing over
follow the customers app's permissions (who sells, who assigns); admins read ownerships
and their history."""

PERMISSIONS = {
    "admin": ("pools.view_ownership", "pools.view_ownershipchange"),
}
