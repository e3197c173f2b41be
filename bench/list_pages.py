"""How fast the customer list and the pool page answer with 1,000,000 customers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_pages_bench \
        .venv/bin/python bench/list_pages.py
    BENCH_CUSTOMERS=200000 ... (smaller)

A benchmark, not a test. It needs a PostgreSQL database whose name ends in "bench" (it is
dropped and created again). It builds the customers and their ownerships set-based (the
builder of bench/pool_expiry.py), gives one rep 50,000 of them and leaves a third in the
pool, then requests each page through Django's test client, whole (middleware, session,
queries, template), as a sales manager and as that rep: the first page, the last page
(the oldest customers) and a search. It prints the median of several requests and the
number of queries of each.
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings_test")
CUSTOMERS = int(os.environ.get("BENCH_CUSTOMERS", "1000000"))
OWNED_BY_ONE_REP = min(50_000, CUSTOMERS // 5)
REPEAT = 7

_spec = importlib.util.spec_from_file_location("pool_bench", ROOT / "bench" / "pool_expiry.py")
pool_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pool_bench)


def _timed(client, url: str) -> tuple[float, int, int]:
    """Median milliseconds of REPEAT requests (after one warm-up), queries, status."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    times = []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), len(queries), response.status_code


def _last_page_cursor(*, where: str, params: list, order: str = "c.created_at") -> str:
    """The cursor after which the oldest 25 rows of the list come (its last page)."""
    from django.db import connection

    from crm.lib.paging import keyset_cursor

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.created_at, c.id FROM customers_customer c"
            " JOIN pools_ownership o ON o.customer_id = c.id"
            f" WHERE {where} ORDER BY {order}, c.id LIMIT 1 OFFSET 25",
            params,
        )
        when, pk = cursor.fetchone()

    class Row:
        created_at = when

    Row.pk = pk
    return keyset_cursor(row=Row, order=("created_at", "pk"))


def main() -> None:
    pool_bench._prepare_database(os.environ.get("DATABASE_URL", ""))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from crm import roles

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    roles.sync_roles()
    User = get_user_model()
    reps = [
        User(username=f"bench-rep-{i}", last_name="代表", first_name=f"{i}") for i in range(200)
    ]
    owners = [u.pk for u in User.objects.bulk_create(reps)]
    rep = User.objects.get(pk=owners[0])
    manager = User.objects.create(username="bench-manager", last_name="经理", first_name="王")
    from django.contrib.auth.models import Group

    rep.groups.add(Group.objects.get(name=roles.REP))
    manager.groups.add(Group.objects.get(name=roles.SALES_MANAGER))

    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        pool_bench._build(cursor, first=1, count=CUSTOMERS, owners=owners)
        # One rep owns 50,000 customers; every third customer is in the pool.
        cursor.execute(
            "UPDATE pools_ownership SET owner_id = %s WHERE customer_id <= %s",
            [rep.pk, OWNED_BY_ONE_REP],
        )
        cursor.execute(
            "UPDATE pools_ownership SET owner_id = NULL WHERE customer_id > %s"
            " AND customer_id %% 3 = 0",
            [OWNED_BY_ONE_REP],
        )
        cursor.execute("ANALYZE customers_customer; ANALYZE pools_ownership")
    print(f"built {CUSTOMERS:,} customers in {time.perf_counter() - t0:.1f} s")

    customers = reverse("customers:customer_list")
    pool = reverse("pools:pool_list")
    own_last = _last_page_cursor(where="o.owner_id = %s", params=[rep.pk])
    all_last = _last_page_cursor(where="true", params=[])
    # The pool is ordered by the time in the pool (POOL-5), newest first.
    pool_last = _last_page_cursor(where="o.owner_id IS NULL", params=[], order="o.since")
    cases = (
        ("sales manager", manager, "customer list, first page", customers),
        ("sales manager", manager, "customer list, last page", f"{customers}?after={all_last}"),
        ("sales manager", manager, "customer search by phone", f"{customers}?q=13900765432"),
        ("sales manager", manager, "customer search by name", f"{customers}?q=客户76543"),
        ("rep with 50,000", rep, "customer list, first page", customers),
        ("rep with 50,000", rep, "customer list, last page", f"{customers}?after={own_last}"),
        ("rep with 50,000", rep, "customer search by phone", f"{customers}?q=13900012345"),
        ("rep with 50,000", rep, "pool, first page", pool),
        ("rep with 50,000", rep, "pool, last page", f"{pool}?{urlencode({'after': pool_last})}"),
    )
    clients = {}
    print(f"{'who':<17} {'page':<28} {'median ms':>10} {'queries':>8}")
    for who, user, label, url in cases:
        if who not in clients:
            clients[who] = Client()
            clients[who].force_login(user)
        ms, queries, status = _timed(clients[who], url)
        flag = "" if status == 200 else f"  (status {status})"
        print(f"{who:<17} {label:<28} {ms:>10.1f} {queries:>8}{flag}")


if __name__ == "__main__":
    main()
