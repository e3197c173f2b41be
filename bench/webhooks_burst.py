"""A burst of 1,000 webhook events (API-2) delivered by two workers: none lost, none twice.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_webhooks_bench \
        .venv/bin/python bench/webhooks_burst.py            # 1,000 events
    ... bench/webhooks_burst.py 5000                         # another N

A benchmark, not a test. It needs a PostgreSQL database whose name ends in "bench" (dropped
and made again). It registers one webhook pointing at a receiver on 127.0.0.1 (a threaded
http.server in this process) that answers 500 to the first attempt of every tenth event
and 200 otherwise, emits N `customer.claimed` events in one transaction (one bulk INSERT,
as the nightly expiry does), and starts two worker processes. Both are handed every
delivery id, in different orders, as two queue workers racing for the same tasks at worst
would be; each then sweeps for due retries (backoff set to 0 minutes for the run) until
none is left. It prints the time, the requests the receiver got, and checks that every
event reached it with a 2xx exactly once and no attempt was sent twice.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from unittest import mock

from benchdb import prepare_database as _prepare_database

EVENTS = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
WORKERS = 2
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings_test")


def _receiver(answers: Counter, oks: Counter, lock: threading.Lock):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_POST(self):  # noqa: N802
            self.rfile.read(int(self.headers["Content-Length"]))
            delivery = self.headers["X-CRM-Delivery"]
            with lock:
                answers[delivery] += 1
                first = answers[delivery] == 1
                fail = first and int(delivery[:8], 16) % 10 == 0
                if not fail:
                    oks[delivery] += 1
            self.send_response(500 if fail else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _work(ids: list[int], seed: int) -> dict:
    import django

    django.setup()
    from django.utils import timezone

    from api.services import deliveries_due
    from api.tasks import webhook_deliver

    random.Random(seed).shuffle(ids)
    counts = Counter(webhook_deliver(ids))
    while due := deliveries_due(now=timezone.now()):
        counts.update(webhook_deliver(due))
    return dict(counts)


def main() -> None:
    _prepare_database(os.environ.get("DATABASE_URL", ""))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections, transaction
    from django.utils import timezone

    from api.models import Delivery, DeliveryAttempt, DeliveryStatus
    from api.services import webhook_create, webhook_emit_many
    from crm.models import RuleParameter

    call_command("migrate", verbosity=0)
    RuleParameter.objects.create(key="api.webhook_backoff_minutes", value="0")
    answers, oks, lock = Counter(), Counter(), threading.Lock()
    server = _receiver(answers, oks, lock)
    url = f"http://127.0.0.1:{server.server_port}/hook"
    webhook_create(url=url, events=["customer.claimed"], by=None, now=timezone.now())
    now = timezone.now()
    t0 = time.perf_counter()
    # The test settings run queued tasks inline; here the two workers are handed the ids.
    with mock.patch("api.services.deliveries_queue"), transaction.atomic():
        webhook_emit_many(
            event="customer.claimed",
            items=[(str(i), {"customer": {"id": i}}) for i in range(EVENTS)],
            now=now,
        )
    emitted = time.perf_counter() - t0
    ids = list(Delivery.objects.values_list("pk", flat=True))
    connections.close_all()
    t1 = time.perf_counter()
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(WORKERS) as pool:
        results = pool.starmap(_work, [(list(ids), seed) for seed in range(WORKERS)])
    sent = time.perf_counter() - t1
    server.shutdown()
    delivered = Delivery.objects.filter(status=DeliveryStatus.DELIVERED).count()
    attempts = DeliveryAttempt.objects.count()
    requests = sum(answers.values())
    print(f"{EVENTS:,} events: queued in {emitted * 1000:.0f} ms (one transaction)")
    print(f"{WORKERS} workers delivered them in {sent:.1f} s ({EVENTS / sent:.0f} events/s)")
    for n, r in enumerate(results, 1):
        print(f"  worker {n}: {r}")
    print(
        f"receiver: {requests:,} requests for {len(answers):,} events; "
        f"{sum(oks.values()):,} answered 2xx; {attempts:,} attempts logged"
    )
    lost = EVENTS - len(oks)
    twice = sum(1 for n in oks.values() if n > 1)
    assert lost == 0, f"lost {lost}"
    assert delivered == EVENTS, f"{EVENTS - delivered} not marked delivered"
    assert twice == 0, f"{twice} events delivered twice"
    assert attempts == requests, "an attempt was sent but not logged, or logged twice"
    print("OK: none lost, none delivered twice, every attempt logged")


if __name__ == "__main__":
    main()
