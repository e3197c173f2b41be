"""What the visits app tells other apps, without importing them (API-2: webhooks).

`visits_overdue` is sent by the daily reminder job with `tasks`, a lazy queryset of the
open visit tasks that became overdue lately (due before today, at most
OVERDUE_LOOKBACK_DAYS ago), `today` and `now`; a receiver evaluates it only if it needs to.
"""

from django.dispatch import Signal

visits_overdue = Signal()
