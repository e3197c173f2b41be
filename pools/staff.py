"""HAND-1, CARD-10: nobody is deactivated or marked as left while they own customers or
hold archive cards. The admin's user and staff profile pages ask every app's
`DEACTIVATION_BLOCKERS` (crm.selectors.staff_deactivation_blockers); the handover knows
both, so it answers for both."""

from pools.handover import deactivation_blockers

DEACTIVATION_BLOCKERS = (deactivation_blockers,)
