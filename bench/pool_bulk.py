"""The pool's bulk claim (POOL-13), the "days left" sort (POOL-14) and the flagged pairs
(POOL-16) on a large pool.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_pool_bulk_bench \
        .venv/bin/python bench/pool_bulk.py
    BENCH_CUSTOMERS=200000 ... (smaller)

A benchmark, not a test: it drops and makes again a PostgreSQL database whose name ends in
"bench". It builds the customers as bench/pool_expiry.py does, runs the nightly expiry
(so a large part of them is in the pool with a history), then times:

1. one rep's bulk claim of 20 pool customers (all or nothing, each recorded), and a refused
   one (over the day's limit: nothing claimed);
2. the rep's customer list sorted by days left (the ids of every customer the rep owns);
3. the managers' page of flagged release→claim pairs over the last 90 days.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import time
from pathlib import Path

from benchdb import prepare_database as _prepare_database
from pool_expiry import NOW, REPS, _build, roles_groups

CUSTOMERS = int(os.environ.get("BENCH_CUSTOMERS", "1000000"))
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings_test")


def main() -> None:
    _prepare_database(os.environ.get("DATABASE_URL", ""))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError
    from django.core.management import call_command
    from django.db import connection

    from crm import roles
    from customers.selectors.customers import customer_list_for
    from pools.bulk import pool_claim_many
    from pools.fairplay import flagged_pairs
    from pools.models import Ownership
    from pools.protection import customer_ids_by_days_left
    from pools.services import pool_expiry_run

    call_command("migrate", verbosity=0)
    User = get_user_model()
    reps = [User(username=f"bench-rep-{i}", first_name=str(i)) for i in range(REPS)]
    owners = [u.pk for u in User.objects.bulk_create(reps)]
    groups = roles_groups(roles.REP)
    for pk in owners[:3]:
        User.objects.get(pk=pk).groups.add(*groups)
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        _build(cursor, first=1, count=CUSTOMERS, owners=owners)
        cursor.execute("ANALYZE customers_customer; ANALYZE pools_ownership")
    moved = sum(pool_expiry_run(now=NOW).values())
    print(
        f"built {CUSTOMERS:,} customers, {moved:,} expired into the pool, in "
        f"{time.perf_counter() - t0:.1f} s"
    )

    rep = User.objects.create(username="bench-claimer")  # owns nobody yet: under the limits
    rep.groups.add(*groups)
    later = NOW + dt.timedelta(hours=9)
    ids = list(
        Ownership.objects.filter(owner__isnull=True).values_list("customer_id", flat=True)[:20]
    )
    t0 = time.perf_counter()
    claimed = pool_claim_many(customer_ids=ids, user=rep, now=later)
    print(f"bulk claim of {len(claimed)}: {(time.perf_counter() - t0) * 1000:.0f} ms")
    more = list(
        Ownership.objects.filter(owner__isnull=True).values_list("customer_id", flat=True)[:20]
    )
    t0 = time.perf_counter()
    with contextlib.suppress(ValidationError):
        pool_claim_many(customer_ids=more, user=rep, now=later)
    print(f"bulk claim refused (day's limit reached): {(time.perf_counter() - t0) * 1000:.0f} ms")

    owner = User.objects.get(pk=owners[2])
    owned = Ownership.objects.filter(owner=owner).count()
    t0 = time.perf_counter()
    sorted_ids = customer_ids_by_days_left(
        customers=customer_list_for(user=owner), today=NOW.date()
    )
    print(
        f"days-left sort of a rep's {owned:,} customers: "
        f"{(time.perf_counter() - t0) * 1000:.0f} ms ({len(sorted_ids):,} ids)"
    )

    t0 = time.perf_counter()
    pairs = flagged_pairs(now=later)
    print(
        f"flagged pairs over 90 days: {(time.perf_counter() - t0) * 1000:.0f} ms, "
        f"{len(pairs)} pairs"
    )


if __name__ == "__main__":
    main()
