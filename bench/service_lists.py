"""How fast the after-sales service pages read at scale (SVC-1, SVC-3).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_service_bench \
        .venv/bin/python bench/service_lists.py
    BENCH_CASES=50000 ... (smaller)

A benchmark, not a test. It needs a PostgreSQL database whose name ends in "bench" (it is
dropped and created again: never point it at real data). It builds 100,000 customers owned
by 200 reps and BENCH_CASES cases (default 500,000: years of a busy company) over two
years with INSERT … SELECT generate_series, nine in ten answered, the rest open or routed,
one in twenty a complaint (half of them compensated), then times the reads each page
makes: the managers' overdue panel and list, a rep's open cases and "all I can see" (the
scope with its OR of subqueries), a department queue, the case page's lookup, and the
monthly complaint summary. There is no job to compare with a row-by-row version: the
service app writes one case at a time, as people log them.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
import zoneinfo
from pathlib import Path

from benchdb import prepare_database as _prepare_database

CASES = int(os.environ.get("BENCH_CASES", "500000"))
CUSTOMERS = 100_000
REPS = 200
ROUNDS = 5
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings_test")
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


BUILD = """
INSERT INTO customers_customer (id, kind, name, name_pinyin, name_initials, phone, email,
    organisation, address, source, is_key_customer, description, characteristics,
    business_status, economic_strength, credit_note, transaction_status, sales_summary,
    created_at, import_key)
SELECT g, 'person', '客户' || g, 'kehu' || g, 'kh', '139' || lpad(g::text, 8, '0'), '', '', '',
    '', false, '', '', '', '', '', '', '', %(now)s - g * interval '1 minute', ''
FROM generate_series(1, %(customers)s) AS g;

INSERT INTO pools_ownership (customer_id, owner_id, since, reason, rule, is_referral)
SELECT g, (%(owners)s::int[])[1 + g %% %(reps)s], %(now)s - interval '30 days',
    'first_contact', 'POOL-1', false
FROM generate_series(1, %(customers)s) AS g;

-- Cases: received g minutes apart going back (about two years for 500,000), by the rep
-- owning the customer; 90%% answered, 7%% routed (promised 3 days later), 3%% open.
INSERT INTO service_case (id, customer_id, caller_name, caller_phone, channel, kind, subject,
    description, product, received_by_id, received_at, status, department_id, expected_on,
    expected_params, answer, answered_by_id, answered_at)
SELECT g, 1 + g %% %(customers)s, '', '', 'phone',
    CASE WHEN g %% 20 = 0 THEN 'complaint' ELSE 'question' END,
    '来电' || g, '', CASE WHEN g %% 20 = 0 THEN '产品' || (g %% 7) ELSE '' END,
    (%(owners)s::int[])[1 + (1 + g %% %(customers)s) %% %(reps)s],
    %(now)s - g * interval '2 minutes',
    CASE WHEN g / 7 %% 100 < 90 THEN 'closed' WHEN g / 7 %% 100 < 97 THEN 'routed' ELSE 'open' END,
    CASE WHEN g / 7 %% 100 BETWEEN 90 AND 96 THEN (%(departments)s::int[])[1 + g %% 5] END,
    (%(now)s - g * interval '2 minutes')::date
        + CASE WHEN g / 7 %% 100 BETWEEN 90 AND 96 THEN 3 ELSE 0 END,
    '{}', CASE WHEN g / 7 %% 100 < 90 THEN '已答复' ELSE '' END,
    CASE WHEN g / 7 %% 100 < 90
        THEN (%(owners)s::int[])[1 + (1 + g %% %(customers)s) %% %(reps)s] END,
    CASE WHEN g / 7 %% 100 < 90 THEN %(now)s - g * interval '2 minutes' + interval '2 hours' END
FROM generate_series(1, %(cases)s) AS g;

INSERT INTO service_caseevent (case_id, kind, by_id, at, expected_on, note, rule)
SELECT id, 'received', received_by_id, received_at, expected_on, '', 'SVC-1' FROM service_case;

INSERT INTO service_complaint (id, case_id, cause, product, description, demand, state,
    next_step, opened_by_id, opened_at, outcome, closed_by_id, closed_at)
SELECT id, id, 'product', product, '坏了', '', CASE WHEN status = 'closed' THEN 'closed'
    ELSE 'registered' END, CASE WHEN status = 'closed' THEN '' ELSE 'quality_test' END,
    received_by_id, received_at, CASE WHEN status = 'closed' THEN '已处理' ELSE '' END,
    answered_by_id, answered_at + interval '3 days'
FROM service_case WHERE kind = 'complaint';

INSERT INTO service_compensation (complaint_id, amount, note, recorded_by_id, recorded_at)
SELECT id, 100 + id %% 900, '', opened_by_id, opened_at + interval '1 day'
FROM service_complaint WHERE id %% 40 = 0;
"""


def _timed(label: str, read) -> None:
    best = None
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        result = read()
        elapsed = time.perf_counter() - t0
        best = elapsed if best is None else min(best, elapsed)
    print(f"{label:<52} {best * 1000:8.1f} ms   ({result})")


def main() -> None:
    url = os.environ.get("DATABASE_URL", "")
    _prepare_database(url)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection

    from crm import roles
    from service.models import Department
    from service.selectors.cases import (
        case_get_for,
        case_queue,
        cases_mine,
        cases_overdue,
        cases_overdue_count,
    )
    from service.selectors.complaints import (
        complaint_month_list,
        complaint_summary,
        complaints_list_for,
    )

    call_command("migrate", verbosity=0)
    User = get_user_model()
    owners = [
        u.pk
        for u in User.objects.bulk_create(
            User(username=f"bench-rep-{i}", last_name="代表", first_name=str(i))
            for i in range(REPS)
        )
    ]
    rep = User.objects.get(pk=owners[0])
    rep.groups.add(Group.objects.get(name=roles.REP))
    departments = list(Department.objects.order_by("pk").values_list("pk", flat=True))

    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            BUILD,
            {
                "now": NOW,
                "customers": CUSTOMERS,
                "cases": CASES,
                "owners": owners,
                "reps": REPS,
                "departments": departments,
            },
        )
        # VACUUM as autovacuum would: index-only scans need the visibility map.
        for table in (
            "customers_customer",
            "pools_ownership",
            "service_case",
            "service_caseevent",
            "service_complaint",
            "service_compensation",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")
        for table in ("service_case", "service_complaint"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
    print(f"built {CASES:,} cases on {CUSTOMERS:,} customers in {time.perf_counter() - t0:.1f} s")

    today = NOW.date()
    page = 25
    some_case = cases_mine(user=rep, show="all").values_list("pk", flat=True).first()
    _timed("overdue panel (COUNT, partial index)", lambda: cases_overdue_count(today=today))
    _timed(
        "overdue list, first page",
        lambda: len(list(cases_overdue(today=today)[:page])),
    )
    _timed("overdue list, page COUNT", lambda: cases_overdue(today=today).count())

    def first_page(qs):
        return len(list(qs[:page])), qs.count()

    for show in ("open", "routed", "customers", "all"):
        _timed(
            f"rep's cases ({show}), first page + COUNT",
            lambda show=show: first_page(cases_mine(user=rep, show=show)),
        )
    _timed(
        "rep's complaints, first page + COUNT", lambda: first_page(complaints_list_for(user=rep))
    )
    queue = Department.objects.get(code="service")
    _timed(
        "department queue, first page + COUNT",
        lambda: (
            len(list(case_queue(department=queue)[:page])),
            case_queue(department=queue).count(),
        ),
    )
    _timed(
        "case page lookup through the rep's scope", lambda: case_get_for(user=rep, pk=some_case).pk
    )
    month = today.replace(day=1)
    _timed(
        "monthly complaint summary (4 aggregates)", lambda: complaint_summary(month=month)["count"]
    )
    _timed(
        "monthly complaint list, first page + COUNT",
        lambda: (
            len(list(complaint_month_list(month=month)[:page])),
            complaint_month_list(month=month).count(),
        ),
    )


if __name__ == "__main__":
    main()
