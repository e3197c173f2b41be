"""Telesales at scale: logging a call and the month's pay statements, on N calls.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_telesales_bench \
        .venv/bin/python bench/telesales_pay.py 1000000

A benchmark, not a test. It needs a PostgreSQL database whose name ends in "bench" (it is
dropped and created again: never point it at real data). It builds N calls of 100
telesales reps over three months, on N/5 prospects (one in fifty graded A or B), with
INSERT … SELECT generate_series, then times:

1. logging 20 calls through `call_log` (TEL-1: match the prospect by name or phone among
   N/5, judge, save): the issue's "20 calls quickly";
2. the month's pay statements of all 100 reps (TEL-5) the way the pay page computes them
   (`pay_statements_for`: three grouped queries) and rep by rep (`pay_statement_for` in a
   loop, three queries each), with the ratio;
3. a rep's day figures (the daily call report, TEL-2).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
import zoneinfo
from pathlib import Path

from benchdb import prepare_database as _prepare_database

CALLS = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("BENCH_CALLS", "1000000"))
REPS = 100
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings_test")
NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


def _build(cursor, *, reps: list[int], field_rep: int) -> None:
    """N/5 prospects (every 50th graded A or B and signed), N calls over 90 days."""
    prospects = max(CALLS // 5, 1)
    params = {"now": NOW, "reps": reps, "n": len(reps), "p": prospects, "calls": CALLS}
    cursor.execute(
        """
        INSERT INTO telesales_prospect (id, owner_id, organisation, org_key, contact_surname,
            department, title, phone, headcount, it_status, address, needs, created_at,
            updated_at, last_called_at, grade, graded_at, visit_note, signed_by_id, signed_at,
            visit_rep_id, visited_on)
        SELECT g, (%(reps)s::int[])[1 + g %% %(n)s], '单位' || g, '单位' || g, '王', '行政部',
            '经理', '010' || lpad(g::text, 8, '0'), 50, 'in_house', '北京', '电脑',
            %(now)s - (g %% 90) * interval '1 day', %(now)s, %(now)s,
            CASE WHEN g %% 50 = 0 THEN 'a' WHEN g %% 50 = 25 THEN 'b' ELSE '' END,
            CASE WHEN g %% 25 = 0 THEN %(now)s - (g %% 90) * interval '1 day' END,
            '', CASE WHEN g %% 25 = 0 THEN %(field)s END,
            CASE WHEN g %% 25 = 0 THEN %(now)s - (g %% 90) * interval '1 day' END,
            CASE WHEN g %% 25 = 0 THEN %(field)s END,
            CASE WHEN g %% 25 = 0 THEN (%(now)s - (g %% 90) * interval '1 day')::date END
        FROM generate_series(1, %(p)s) AS g
        """,
        {**params, "field": field_rep},
    )
    cursor.execute(
        """
        INSERT INTO telesales_call (rep_id, called_at, prospect_id, organisation,
            contact_surname, department, title, phone, headcount, it_status, outcome, notes,
            is_valid, invalid_reasons)
        SELECT (%(reps)s::int[])[1 + g %% %(n)s], %(now)s - (g %% 7776000) * interval '1 second',
            1 + g %% %(p)s, '单位' || (1 + g %% %(p)s), '王', '行政部', '经理',
            '010' || lpad((1 + g %% %(p)s)::text, 8, '0'), 50, 'in_house',
            CASE WHEN g %% 3 = 0 THEN 'no_answer' ELSE 'interested' END, '',
            g %% 3 <> 0, CASE WHEN g %% 3 = 0 THEN '["unreached"]' ELSE '[]' END::jsonb
        FROM generate_series(1, %(calls)s) AS g
        """,
        params,
    )
    cursor.execute("SELECT setval('telesales_prospect_id_seq', %s)", [prospects])
    cursor.execute("ANALYZE telesales_prospect; ANALYZE telesales_call")


def main() -> None:
    _prepare_database(os.environ.get("DATABASE_URL", ""))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection

    from crm.models import StaffProfile
    from telesales.models import CallOutcome, ITStatus
    from telesales.selectors.calls import call_figures
    from telesales.selectors.pay import pay_statement_for, pay_statements_for
    from telesales.services.calls import call_log, day_bounds

    call_command("migrate", verbosity=0)
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=f"bench-tel-{i}", last_name="电销", first_name=str(i)) for i in range(REPS)]
    )
    field_rep = User.objects.create(username="bench-field-rep")
    StaffProfile.objects.bulk_create([StaffProfile(user=u) for u in users])
    Group.objects.get(name="telesales").user_set.add(*users)
    reps = list(User.objects.filter(pk__in=[u.pk for u in users]).select_related("staff"))

    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        _build(cursor, reps=[u.pk for u in users], field_rep=field_rep.pk)
    print(
        f"built {CALLS:,} calls on {max(CALLS // 5, 1):,} prospects in "
        f"{time.perf_counter() - t0:.1f} s"
    )

    rep = reps[0]
    timings = []
    for i in range(20):
        known = i % 2 == 0  # half to known organisations (matched), half new
        data = {
            "organisation": f"单位{i * 37 + 1}" if known else f"新单位{i}",
            "contact_surname": "李",
            "department": "办公室",
            "title": "主任",
            "phone": f"0108{i:07d}",
            "headcount": 30,
            "it_status": ITStatus.NO_STAFF,
            "outcome": CallOutcome.INTERESTED,
            "notes": "",
        }
        t0 = time.perf_counter()
        call_log(rep=rep, data=data, now=NOW + dt.timedelta(seconds=40 * i))
        timings.append(time.perf_counter() - t0)
    print(
        f"20 calls logged: {sum(timings) * 1000:.0f} ms in all, "
        f"{max(timings) * 1000:.1f} ms the slowest, {sorted(timings)[10] * 1000:.1f} ms median"
    )

    month = NOW.date().replace(day=1)
    pay_statement_for(rep=rep, month=month)  # warm the parameter cache
    t0 = time.perf_counter()
    grouped = pay_statements_for(reps=reps, month=month)
    set_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    looped = [pay_statement_for(rep=r, month=month) for r in reps]
    loop_seconds = time.perf_counter() - t0
    assert [s.total for s in grouped] == [s.total for s in looped]
    print(
        f"pay statements of {REPS} reps, grouped (3 queries): {set_seconds * 1000:.0f} ms; "
        f"rep by rep ({3 * REPS} queries): {loop_seconds * 1000:.0f} ms; "
        f"ratio {loop_seconds / set_seconds:.1f}×; "
        f"e.g. {grouped[1].rep.username}: {grouped[1].total} yuan"
    )

    start, end = day_bounds(NOW.date())
    t0 = time.perf_counter()
    figures = call_figures(rep=reps[1], start=start, end=end)
    print(
        f"a rep's day figures (TEL-2): {(time.perf_counter() - t0) * 1000:.1f} ms, "
        f"{figures['calls']} calls, {figures['valid']} valid"
    )


if __name__ == "__main__":
    main()
