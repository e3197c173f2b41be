"""What the deals app tells other apps, without importing them (API-2: webhooks).

`payment_confirmed` is sent inside the transaction of the confirmation (DEAL-1) with
`payment` (its deal and customer loaded) and `now`.
"""

from django.dispatch import Signal

payment_confirmed = Signal()
