"""Scheduled jobs of the pool: thin, each calls one service with the current time."""

from django.utils import timezone

from pools.protection import protection_end_run
from pools.services import pool_expiry_run, pool_expiry_warn


def expiry_nightly() -> dict[str, int]:
    """POOL-1, POOL-3: return expired customers to the pool (nightly)."""
    return pool_expiry_run(now=timezone.now())


def expiry_warnings() -> int:
    """POOL-7: warn owners `pool.warn_days` ahead (daily, after the expiry)."""
    return pool_expiry_warn(now=timezone.now())


def protection_nightly() -> int:
    """POOL-11: protections past their last day end (nightly, before the expiry)."""
    return protection_end_run(now=timezone.now())
