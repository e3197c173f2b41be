"""How long visit-task generation (VISIT-1…3, VISIT-12) takes at scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_visits_bench \
        .venv/bin/python bench/visits_generation.py
    BENCH_CUSTOMERS=200000 BENCH_CARDS=20000 ... (smaller)

A benchmark, not a test. It needs a PostgreSQL database whose name ends in "bench" (it is
dropped and created again: never point it at real data). It builds, with INSERT … SELECT
generate_series, 1,000,000 customers with owners and 100,000 new archive cards (events of
the last five days, half buyers, a third handed to a doctor) plus 10,000 first purchases
of the last days, then times:

1. the nightly catch-up `visit_tasks_catch_up` over the million customers: it generates
   the tasks of the 100,000 new cards and of the first purchases (one INSERT … SELECT per
   rule), supersedes non-buyer visits (VISIT-12), follows owners and doctors, moves
   holiday visits; then its second run (nothing to do);
2. the same generation row by row through the ORM (per card, per rule: look up the owner,
   `VisitTask.objects.create`) on a 5,000-card sample;
3. the hook path: `visit_tasks_for_card` for one new card, as a request does it.

It prints both timings, the per-card cost of each and the ratio.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
import zoneinfo
from pathlib import Path

from benchdb import prepare_database as _prepare_database

CUSTOMERS = int(os.environ.get("BENCH_CUSTOMERS", "1000000"))
CARDS = int(os.environ.get("BENCH_CARDS", "100000"))
PURCHASES = int(os.environ.get("BENCH_PURCHASES", "10000"))
SAMPLE = int(os.environ.get("BENCH_SAMPLE", "5000"))
REPS = 200
DOCTORS = 10
EVENTS = 50
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings_test")
NOW = dt.datetime(2026, 11, 24, 2, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
TODAY = NOW.date()


def _customers(cursor, *, first: int, count: int, owners: list[int]) -> None:
    """`count` customers from id `first`, each owned by one of the reps; one in a hundred
    with a first sale in the last three days (a first purchase for VISIT-12)."""
    cursor.execute(
        """
        INSERT INTO customers_customer (id, kind, name, name_pinyin, name_initials, phone,
            email, organisation, address, source, is_key_customer, description,
            characteristics, business_status, economic_strength, credit_note,
            transaction_status, sales_summary, created_at, import_key)
        SELECT g, 'person', '客户' || g, 'kehu' || g, 'kh', '139' || lpad(g::text, 8, '0'),
            '', '', '', '', false, '', '', '', '', '', '', '',
            %(now)s - g * interval '1 second', ''
        FROM generate_series(%(first)s, %(last)s) AS g
        """,
        {"now": NOW, "first": first, "last": first + count - 1},
    )
    cursor.execute(
        """
        INSERT INTO pools_ownership (customer_id, owner_id, since, reason, rule, is_referral,
            first_sale_at, last_sale_at)
        SELECT g, (%(owners)s::int[])[1 + g %% %(reps)s], %(now)s - interval '40 days',
            'first_contact', 'POOL-1', false,
            CASE WHEN g %% %(every)s = 0 THEN %(now)s - (g %% 3) * interval '1 day' END,
            CASE WHEN g %% %(every)s = 0 THEN %(now)s - (g %% 3) * interval '1 day' END
        FROM generate_series(%(first)s, %(last)s) AS g
        """,
        {
            "now": NOW,
            "first": first,
            "last": first + count - 1,
            "owners": owners,
            "reps": len(owners),
            "every": max(CUSTOMERS // max(PURCHASES, 1), 1),
        },
    )


def _cards(cursor, *, first: int, count: int, events: list[int], owners, doctors) -> None:
    """Cards (and their attendances) for customers `first`… `first + count - 1`: half of them
    buyers, a third in a doctor's custody."""
    params = {
        "first": first,
        "last": first + count - 1,
        "events": events,
        "n_events": len(events),
        "owners": owners,
        "reps": len(owners),
        "doctors": doctors,
        "n_doctors": len(doctors),
        "now": NOW,
    }
    cursor.execute(
        """
        INSERT INTO customers_attendance (id, event_id, customer_id, rep_id, bought)
        SELECT g, (%(events)s::int[])[1 + g %% %(n_events)s], g,
            (%(owners)s::int[])[1 + g %% %(reps)s], g %% 2 = 0
        FROM generate_series(%(first)s, %(last)s) AS g
        """,
        params,
    )
    cursor.execute(
        """
        INSERT INTO customers_archivecard (id, attendance_id, customer_id, rep_id, buyer,
            health_condition, family_situation, interests, event_feedback, purchase,
            next_step, status, filled_at, filled_late, submitted_at, submitted_late, lateness,
            custodian_id, handed_over_at)
        SELECT g, g, g, (%(owners)s::int[])[1 + g %% %(reps)s], g %% 2 = 0,
            '良好', '与老伴同住', '保健品', '满意', '', '三天内回访',
            CASE WHEN g %% 3 = 0 THEN 'in_custody' ELSE 'submitted' END,
            %(now)s, false, %(now)s, false, '{}'::jsonb,
            CASE WHEN g %% 3 = 0 THEN (%(doctors)s::int[])[1 + g %% %(n_doctors)s] END,
            CASE WHEN g %% 3 = 0 THEN %(now)s END
        FROM generate_series(%(first)s, %(last)s) AS g
        """,
        params,
    )


def _row_by_row(*, card_ids: list[int]) -> int:
    """The naive generator: per card and rule, look the owner up and save one task."""
    from customers.models import ArchiveCard
    from pools.models import Ownership
    from visits.models import Audience, TaskSource, Visitor, VisitRule, VisitTask

    rules = list(VisitRule.objects.filter(is_active=True))
    made = 0
    for card in ArchiveCard.objects.filter(pk__in=card_ids).select_related("attendance__event"):
        anchor = card.attendance.event.held_on
        for rule in rules:
            if (rule.audience == Audience.BUYER) != card.buyer:
                continue
            if VisitTask.objects.filter(card=card, rule=rule, source=TaskSource.CARD).exists():
                continue
            if rule.visitor == Visitor.REP:
                owner = (
                    Ownership.objects.filter(customer_id=card.customer_id)
                    .values_list("owner_id", flat=True)
                    .first()
                )
                assignee = owner or card.rep_id
            else:
                assignee = card.custodian_id
            VisitTask.objects.create(
                customer_id=card.customer_id,
                assignee_id=assignee,
                visitor=rule.visitor,
                source=TaskSource.CARD,
                rule=rule,
                card=card,
                anchor_on=anchor,
                days=rule.days,
                due_on=anchor + dt.timedelta(days=rule.days),
                created_at=NOW,
            )
            made += 1
    return made


def main() -> None:
    url = os.environ.get("DATABASE_URL", "")
    _prepare_database(url)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from customers.models import ArchiveCard, Event
    from visits.models import Holiday, VisitTask
    from visits.services import visit_tasks_catch_up, visit_tasks_for_card

    call_command("migrate", verbosity=0)
    User = get_user_model()
    owners = [
        u.pk
        for u in User.objects.bulk_create(
            User(username=f"bench-rep-{i}", last_name="代表", first_name=str(i))
            for i in range(REPS)
        )
    ]
    doctors = [
        u.pk
        for u in User.objects.bulk_create(
            User(username=f"bench-doctor-{i}", last_name="医生", first_name=str(i))
            for i in range(DOCTORS)
        )
    ]
    events = [
        e.pk
        for e in Event.objects.bulk_create(
            Event(
                kind="fellowship",
                name=f"联谊会{i}",
                held_on=TODAY - dt.timedelta(days=i % 5),
                organiser_id=owners[0],
            )
            for i in range(EVENTS)
        )
    ]
    Holiday.objects.create(day=TODAY + dt.timedelta(days=3), name="bench holiday")

    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        _customers(cursor, first=1, count=CUSTOMERS, owners=owners)
        # The new cards go to customers without a first purchase in the window as well as
        # with one (a card and a purchase together exercise VISIT-12).
        _cards(cursor, first=1, count=CARDS, events=events, owners=owners, doctors=doctors)
        cursor.execute(
            "ANALYZE customers_customer; ANALYZE pools_ownership; ANALYZE customers_attendance;"
            " ANALYZE customers_archivecard; ANALYZE customers_event"
        )
    print(
        f"built {CUSTOMERS:,} customers with owners, {CARDS:,} new cards and "
        f"{CUSTOMERS // max(CUSTOMERS // max(PURCHASES, 1), 1):,} first purchases "
        f"in {time.perf_counter() - t0:.1f} s"
    )

    t0 = time.perf_counter()
    done = visit_tasks_catch_up(now=NOW)
    set_seconds = time.perf_counter() - t0
    made = done["cards"] + done["purchases"]
    print(
        f"nightly catch-up (set-based) over {CUSTOMERS:,} customers: {set_seconds:.2f} s — "
        f"{done['cards']:,} card tasks, {done['purchases']:,} purchase tasks, "
        f"{done['superseded']:,} superseded, {done['holidays']:,} moved for a holiday — "
        f"{set_seconds / max(CARDS, 1) * 1e6:.1f} µs a card"
    )
    t0 = time.perf_counter()
    again = visit_tasks_catch_up(now=NOW)
    print(
        f"second run: {time.perf_counter() - t0:.2f} s, "
        f"made {again['cards'] + again['purchases']} (idempotent)"
    )
    assert VisitTask.objects.count() >= made

    first = CUSTOMERS + 1
    with connection.cursor() as cursor:
        _customers(cursor, first=first, count=SAMPLE + 1, owners=owners)
        _cards(cursor, first=first, count=SAMPLE + 1, events=events, owners=owners, doctors=doctors)
        cursor.execute("ANALYZE customers_archivecard; ANALYZE pools_ownership")
    t0 = time.perf_counter()
    orm_made = _row_by_row(card_ids=list(range(first, first + SAMPLE)))
    orm_seconds = time.perf_counter() - t0
    per_set = set_seconds / max(CARDS, 1)
    per_orm = orm_seconds / max(SAMPLE, 1)
    print(
        f"row by row through the ORM: {orm_seconds:.2f} s for {orm_made:,} tasks of a "
        f"{SAMPLE:,}-card sample — {per_orm * 1e6:.1f} µs a card"
    )
    print(
        f"ratio (per card): the ORM loop is {per_orm / per_set:.0f}× slower; for {CARDS:,} "
        f"cards it would take about {per_orm * CARDS / 60:.1f} min instead of {set_seconds:.1f} s"
    )

    card = ArchiveCard.objects.get(pk=first + SAMPLE)
    t0 = time.perf_counter()
    one = visit_tasks_for_card(card=card, now=NOW)
    ms = (time.perf_counter() - t0) * 1000
    print(f"hook for one new card (visit_tasks_for_card): {ms:.1f} ms, {one} tasks")


if __name__ == "__main__":
    main()
