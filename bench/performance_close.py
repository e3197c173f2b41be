"""How long the monthly close (PERF-1, DEAL-1) takes for a large company.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_perf_bench \
        .venv/bin/python bench/performance_close.py 20000
    (the number is the employees; BENCH_PAYMENTS sets the confirmed payments, default 10×)

A benchmark, not a test. It needs a PostgreSQL database whose name ends in "bench" (it is
dropped and created again: never point it at real data). It builds, set-based, N employees
with five point events each in October 2026 (one voided), and N×10 payments confirmed in
October on deals of 200 reps (one in twenty refunded in the same month), then times:

1. the close `month_close` (points statements by one INSERT … SELECT, commission lines and
   statements by bulk inserts), and its second run (nothing to do);
2. the same work done row by row through the ORM (per employee: sum the events and save a
   statement; per rep: save a statement and one line per payment) on a sample;
3. the team overview's query for a manager who sees everyone.

It prints both timings, the per-row cost of each and the ratio.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import sys
import time
import zoneinfo
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings_test")
STAFF = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
PAYMENTS = int(os.environ.get("BENCH_PAYMENTS", str(STAFF * 10)))
SAMPLE = min(2000, STAFF)
REPS = 200
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
OCTOBER = dt.date(2026, 10, 1)
NOW = dt.datetime(2026, 11, 1, 0, 20, tzinfo=SHANGHAI)

_spec = importlib.util.spec_from_file_location("pool_bench", ROOT / "bench" / "pool_expiry.py")
pool_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pool_bench)


def _build_staff(cursor, *, count: int) -> None:
    cursor.execute(
        """
        INSERT INTO auth_user (id, password, is_superuser, username, first_name, last_name,
            email, is_staff, is_active, date_joined)
        SELECT g, '!', false, 'bench-' || g, g::text, '员工', '', false, true, %(now)s
        FROM generate_series(1, %(n)s) AS g;
        SELECT setval('auth_user_id_seq', %(n)s);
        INSERT INTO crm_staffprofile (user_id, hire_date, phone, status, commission_withheld)
        SELECT g, DATE '2024-01-02', '', 'active', false FROM generate_series(1, %(n)s) AS g;
        """,
        {"n": count, "now": NOW},
    )


def _build_events(cursor, *, count: int) -> None:
    """Five events per employee in October: items in turn, the fifth of every tenth voided."""
    cursor.execute(
        """
        INSERT INTO performance_pointevent (employee_id, item_id, date, note, item_name_zh,
            item_name_en, points, fine, recorded_by_id, recorded_at, voided_at, voided_by_id,
            void_reason)
        SELECT e, i.id, DATE '2026-10-01' + (k * 5), '', i.name_zh, i.name_en, i.points,
            i.fine, 1, %(now)s,
            CASE WHEN k = 4 AND e %% 10 = 0 THEN %(now)s END,
            CASE WHEN k = 4 AND e %% 10 = 0 THEN 1 END,
            CASE WHEN k = 4 AND e %% 10 = 0 THEN '错了' ELSE '' END
        FROM generate_series(1, %(n)s) AS e
        CROSS JOIN generate_series(0, 4) AS k
        JOIN performance_pointitem i
          ON i.sort_order = 10 * (1 + (e + k) %% 9)
        """,
        {"n": count, "now": dt.datetime(2026, 10, 31, 18, 0, tzinfo=SHANGHAI)},
    )


def _build_sales(cursor, *, count: int) -> None:
    """One deal per customer, closed by its owner, paid once and confirmed in October."""
    pool_bench._build(cursor, first=1, count=count, owners=list(range(1, REPS + 1)))
    cursor.execute(
        """
        INSERT INTO deals_deal (id, customer_id, rep_id, created_at, created_by_id, status,
            note, cancel_reason, total)
        SELECT o.customer_id, o.customer_id, o.owner_id, %(at)s, o.owner_id, 'open', '', '',
            1000 + o.customer_id %% 9000
        FROM pools_ownership o;
        INSERT INTO deals_payment (deal_id, customer_id, amount, received_on, method,
            recorded_by_id, recorded_at, status, confirmed_by_id, confirmed_at, closed_by_id,
            closed_at, reason)
        SELECT d.id, d.customer_id, d.total, DATE '2026-10-02', 'transfer', d.rep_id, %(at)s,
            CASE WHEN d.id %% 20 = 0 THEN 'refunded' ELSE 'confirmed' END, 1,
            %(at)s + (d.id %% 28) * interval '1 day',
            CASE WHEN d.id %% 20 = 0 THEN 1 END,
            CASE WHEN d.id %% 20 = 0 THEN %(at)s + interval '29 days' END,
            ''
        FROM deals_deal d;
        """,
        {"at": dt.datetime(2026, 10, 1, 10, 0, tzinfo=SHANGHAI)},
    )


def _row_by_row(*, employees: list[int], month: dt.date) -> int:
    """The naive close: per employee one aggregate and one save."""
    from django.db.models import Count, Sum

    from performance.models import PointEvent, PointStatement
    from performance.months import month_last_day
    from performance.selectors.points import PointsRule

    rule = PointsRule.current()
    made = 0
    for employee_id in employees:
        got = PointEvent.objects.filter(
            employee_id=employee_id,
            date__range=(month, month_last_day(month)),
            voided_at__isnull=True,
        ).aggregate(points=Sum("points"), fines=Sum("fine"), n=Count("pk"))
        end = rule.start + (got["points"] or 0)
        PointStatement.objects.create(
            employee_id=employee_id,
            month=month,
            start_points=rule.start,
            points=got["points"] or 0,
            end_points=end,
            events_count=got["n"],
            bonus=rule.outcome(end),
            fines_total=got["fines"] or Decimal("0"),
            rule="PERF-1",
            params=rule.as_json(),
            closed_at=NOW,
        )
        made += 1
    return made


def _commission_row_by_row(*, payments) -> int:
    """The naive commission: a statement per rep, then each payment's line saved alone."""
    from performance.models import CommissionKind, CommissionLine, CommissionStatement

    rate = Decimal("0.03")
    statements = {}
    for payment in payments:
        statement = statements.get(payment.deal.rep_id)
        if statement is None:
            statement = statements[payment.deal.rep_id] = CommissionStatement.objects.create(
                rep_id=payment.deal.rep_id,
                month=dt.date(2026, 9, 1),
                rate=rate,
                payments_total=0,
                reversed_total=0,
                commission=0,
                lines_count=0,
                rule="DEAL-1",
                params={},
                closed_at=NOW,
            )
        commission = (payment.amount * rate).quantize(Decimal("0.01"), ROUND_HALF_UP)
        CommissionLine.objects.create(
            statement=statement,
            payment=payment,
            kind=CommissionKind.CREDIT,
            amount=payment.amount,
            rate=rate,
            commission=commission,
            at=payment.confirmed_at,
        )
        statement.payments_total += payment.amount
        statement.commission += commission
        statement.lines_count += 1
        statement.save()
    return len(payments)


def main() -> None:
    pool_bench._prepare_database(os.environ.get("DATABASE_URL", ""))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from crm import roles
    from crm.models import StaffProfile
    from deals.models import Payment
    from performance.models import CommissionLine, CommissionStatement, PointStatement
    from performance.months import month_add
    from performance.selectors.points import team_points_members, team_points_month
    from performance.services.close import month_close

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        _build_staff(cursor, count=STAFF)
        _build_events(cursor, count=STAFF)
        _build_sales(cursor, count=PAYMENTS)
        cursor.execute(
            "ANALYZE auth_user; ANALYZE crm_staffprofile; ANALYZE performance_pointevent;"
            " ANALYZE deals_payment; ANALYZE deals_deal"
        )
    print(
        f"built {STAFF:,} employees with {STAFF * 5:,} point events and {PAYMENTS:,} "
        f"payments in {time.perf_counter() - t0:.1f} s"
    )

    t0 = time.perf_counter()
    closed = month_close(month=OCTOBER, now=NOW)
    seconds = time.perf_counter() - t0
    lines = CommissionLine.objects.count()
    print(
        f"month close (set-based): {seconds:.2f} s for {closed.points_statements:,} points "
        f"statements, {closed.commission_statements:,} commission statements, {lines:,} "
        f"commission lines"
    )
    t0 = time.perf_counter()
    again = month_close(month=OCTOBER, now=NOW)
    print(f"second run: {time.perf_counter() - t0:.3f} s, closed again: {again is not None}")

    # Row by row, on a sample, into a month of its own (September) so nothing collides.
    sample = list(range(1, SAMPLE + 1))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE performance_pointevent SET date = date - 30 WHERE employee_id <= %s",
            [SAMPLE],
        )
    t0 = time.perf_counter()
    with transaction.atomic():
        _row_by_row(employees=sample, month=month_add(OCTOBER, -1))
    orm_points = time.perf_counter() - t0
    payments = list(
        Payment.objects.select_related("deal").filter(status="confirmed").order_by("pk")[:SAMPLE]
    )
    CommissionLine.objects.filter(payment__in=payments).delete()
    t0 = time.perf_counter()
    with transaction.atomic():
        _commission_row_by_row(payments=payments)
    orm_commission = time.perf_counter() - t0
    per_set = seconds / max(closed.points_statements + lines, 1)
    per_orm = (orm_points + orm_commission) / max(SAMPLE + len(payments), 1)
    print(
        f"row by row through the ORM: {orm_points:.2f} s for {SAMPLE:,} points statements, "
        f"{orm_commission:.2f} s for {len(payments):,} commission lines"
    )
    print(
        f"ratio (per statement or line): the ORM loop is {per_orm / per_set:.0f}× slower; "
        f"for this month it would take about "
        f"{per_orm * (closed.points_statements + lines) / 60:.1f} min instead of {seconds:.1f} s"
    )

    manager = StaffProfile.objects.get(user_id=1).user
    manager.groups.add(*pool_bench.roles_groups(roles.GENERAL_MANAGER))
    manager = type(manager).objects.get(pk=manager.pk)
    t0 = time.perf_counter()
    profiles = list(team_points_members(user=manager)[:30])
    team = team_points_month(profiles=profiles, month=OCTOBER)
    print(
        f"team overview, first page of {STAFF:,} (closed month): "
        f"{(time.perf_counter() - t0) * 1000:.1f} ms, {len(team.rows)} rows"
    )
    assert PointStatement.objects.filter(month=OCTOBER).count() == closed.points_statements
    assert CommissionStatement.objects.filter(month=OCTOBER).count() == REPS


if __name__ == "__main__":
    main()
