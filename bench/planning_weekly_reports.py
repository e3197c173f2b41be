"""How long the Monday job of weekly reports (VISIT-10) takes for many reps.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_planning_bench \
        .venv/bin/python bench/planning_weekly_reports.py 20000

A benchmark, not a test. It needs a PostgreSQL database whose name ends in "bench" (it is
dropped and created again: never point it at real data). It makes N reps (users in the rep
group) set-based, then times:

1. `weekly_reports_create` (one INSERT … SELECT of the missing drafts, one of the notices),
   and its second run (nothing to do);
2. the same work row by row through the ORM (`get_or_create` and `notify` per rep) on a
   sample of reps for the week after;
3. the supervisors' review queue count and the targets page figures for 25 reps.

It prints both timings, the per-rep cost of each and the ratio.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
import zoneinfo
from pathlib import Path

from benchdb import prepare_database as _prepare_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings_test")
REPS = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
SAMPLE = min(int(os.environ.get("BENCH_SAMPLE", "2000")), REPS)
NOW = dt.datetime(2026, 11, 23, 6, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


def _build(cursor, *, count: int) -> None:
    """`count` active reps in the rep group (with staff profiles), one INSERT each table."""
    cursor.execute(
        """
        INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email,
            is_staff, is_active, date_joined)
        SELECT '!', false, 'bench-rep-' || g, g::text, '代表', '', false, true, %(now)s
        FROM generate_series(1, %(count)s) AS g
        """,
        {"now": NOW, "count": count},
    )
    cursor.execute(
        """
        INSERT INTO auth_user_groups (user_id, group_id)
        SELECT u.id, g.id FROM auth_user u, auth_group g
        WHERE u.username LIKE 'bench-rep-%%' AND g.name = 'rep'
        """
    )
    cursor.execute(
        """
        INSERT INTO crm_staffprofile (user_id, phone, status, commission_withheld)
        SELECT id, '', 'active', false FROM auth_user WHERE username LIKE 'bench-rep-%%'
        """
    )


def _row_by_row(*, reps, week: dt.date, now: dt.datetime) -> int:
    """The naive job: a get_or_create and a notice per rep."""
    from django.urls import reverse

    from crm.services import notify
    from planning.models import WeeklyReport

    made = 0
    for rep in reps:
        _report, created = WeeklyReport.objects.get_or_create(
            rep=rep, week_start=week, defaults={"created_at": now}
        )
        made += created
        notify(
            user=rep,
            key=f"planning-weekly-report:{week.isoformat()}",
            text="周报已生成",
            url=reverse("planning:report_week", args=[week.isoformat()]),
            rule="VISIT-10",
            now=now,
        )
    return made


def main() -> None:
    _prepare_database(os.environ.get("DATABASE_URL", ""))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from planning.selectors import reports_to_review_count, targets_progress
    from planning.services import weekly_reports_create

    call_command("migrate", verbosity=0)
    weekly_reports_create(now=NOW)  # warm up imports, URLs and parameters: no reps yet
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        _build(cursor, count=REPS)
        cursor.execute("ANALYZE auth_user; ANALYZE auth_user_groups; ANALYZE crm_staffprofile")
    print(f"built {REPS:,} reps in {time.perf_counter() - t0:.1f} s")

    t0 = time.perf_counter()
    result = weekly_reports_create(now=NOW)
    set_seconds = time.perf_counter() - t0
    made = result["created"]
    print(
        f"Monday job (set-based): {set_seconds:.2f} s for {made:,} drafts and "
        f"{result['notified']:,} notices — {set_seconds / max(made, 1) * 1e6:.1f} µs a rep"
    )
    t0 = time.perf_counter()
    again = weekly_reports_create(now=NOW)
    print(f"second run: {time.perf_counter() - t0:.2f} s, {again} (idempotent)")

    User = get_user_model()
    sample = list(User.objects.filter(username__startswith="bench-rep-").order_by("pk")[:SAMPLE])
    next_monday = NOW + dt.timedelta(days=7)
    t0 = time.perf_counter()
    orm_made = _row_by_row(reps=sample, week=NOW.date(), now=next_monday)
    orm_seconds = time.perf_counter() - t0
    per_set = set_seconds / max(made, 1)
    per_orm = orm_seconds / max(orm_made, 1)
    print(
        f"row by row through the ORM: {orm_seconds:.2f} s for {orm_made:,} reps — "
        f"{per_orm * 1e6:.1f} µs a rep"
    )
    print(
        f"ratio (per rep): the ORM loop is {per_orm / per_set:.0f}× slower; for {made:,} reps "
        f"it would take about {per_orm * made:.1f} s instead of {set_seconds:.2f} s"
    )

    admin = User.objects.create(username="bench-admin", is_superuser=True, is_active=True)
    t0 = time.perf_counter()
    count = reports_to_review_count(user=admin)
    print(
        f"review queue count over everyone: {count} in {(time.perf_counter() - t0) * 1000:.1f} ms"
    )
    t0 = time.perf_counter()
    targets_progress(reps=sample[:25], month=NOW.date().replace(day=1), today=NOW.date())
    print(f"targets page figures for 25 reps: {(time.perf_counter() - t0) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
