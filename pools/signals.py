"""What the pool tells other apps, without importing them (API-2: the api app's webhooks).

Both are sent inside the transaction that makes the change, with `changes`, a list of
dicts {customer_id, customer_name, from_owner_id, to_owner_id, pool_id, reason, rule},
and `now`. A receiver that must act only after commit uses transaction.on_commit; one
that writes rows (the api app's outbox) writes them in the same transaction, so a rollback
takes them back too.
"""

from django.dispatch import Signal

# Customers went to the pool: released (POOL-6), returned (POOL-13) or expired (POOL-1/3).
customers_pooled = Signal()
# Customers a rep claimed from the pool (POOL-5, one by one or in bulk).
customers_claimed = Signal()
