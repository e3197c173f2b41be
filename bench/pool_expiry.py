"""How long the nightly pool expiry (POOL-1, POOL-3) takes on 1,000,000 customers, in
several pools with periods by tier (POOL-9, POOL-10), and the rule-settings preview (POOL-15).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_pool_bench \
        .venv/bin/python bench/pool_expiry.py
    BENCH_CUSTOMERS=200000 ... (smaller)

A benchmark, not a test. It needs a PostgreSQL database whose name ends in "bench" (it is
dropped and created again: never point it at real data). It builds the customers and their
ownerships with INSERT … SELECT generate_series, then times:

The customers are spread over three pools (the default and two department pools) and the
five tiers (one in six has no tier); the pools set their own periods for some tiers.

1. the rule-settings preview (`pool_rules_preview`: counts and 20 examples of the next run
   with a proposed change, by the nightly job's selectors);
2. the nightly job `pool_expiry_run` (set-based: per rule one locked SELECT of the ids, bulk
   inserts of the history rows and pending release notes, one UPDATE, whatever the number
   of pools and tiers), and its second run (nothing to do);
3. the same work done row by row through the ORM (`ownership_set` and a release note per
   customer, the way a naive loop would) on a 10,000-customer sample;
4. the pool page's query (first page and a page deep in the pool) for a rep.

It prints both timings, the per-row cost of each and the ratio.
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
SAMPLE = int(os.environ.get("BENCH_SAMPLE", "10000"))
REPS = 200
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings_test")
NOW = dt.datetime(2026, 11, 24, 0, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


def _build(cursor, *, first: int, count: int, owners: list[int]) -> None:
    """`count` customers from id `first`, three in four by first contact (POOL-1) gained
    0–149 days ago, one in four by first deal with a last sale 0–199 days ago (POOL-3)."""
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
        SELECT g, (%(owners)s::int[])[1 + g %% %(reps)s],
            %(now)s - (g %% 150) * interval '1 day' - interval '3 hours',
            CASE WHEN g %% 4 = 0 THEN 'first_deal' ELSE 'first_contact' END,
            CASE WHEN g %% 4 = 0 THEN 'POOL-2' ELSE 'POOL-1' END,
            false,
            CASE WHEN g %% 4 = 0 THEN %(now)s - interval '400 days' END,
            CASE WHEN g %% 4 = 0 THEN %(now)s - (g %% 200) * interval '1 day' END
        FROM generate_series(%(first)s, %(last)s) AS g
        """,
        {
            "now": NOW,
            "first": first,
            "last": first + count - 1,
            "owners": owners,
            "reps": len(owners),
        },
    )


def _pools_and_tiers(cursor, *, first: int, count: int, pools: list[int]) -> None:
    """Each customer in its owner's pool (rep i is in department i mod 3: `pools`), and five
    in six with a tier (DEAL-2)."""
    from crm.lib.sql import insert_select
    from deals.models import CustomerTier

    cursor.execute(
        "UPDATE pools_ownership SET pool_id = (%(pools)s::int[])[1 + customer_id %% %(reps)s %% 3]"
        " WHERE customer_id BETWEEN %(first)s AND %(last)s",
        {"pools": pools, "reps": REPS, "first": first, "last": first + count - 1},
    )
    insert_select(
        model=CustomerTier,
        columns=["customer", "tier"],
        select=(
            "SELECT g, (ARRAY['vip','special_vip','a','b','c'])[1 + g %% 5]"
            " FROM generate_series(%s, %s) AS g WHERE g %% 6 <> 0",
            [first, first + count - 1],
        ),
        fill_defaults=True,
    )


def _pool_rules(*, east, west) -> None:
    """The pools' own periods: VIP six months and C one in the east, B longer in the west."""
    from pools.models import PoolRuleKey
    from pools.services import pool_rules_save

    first, sale = PoolRuleKey.FIRST_CONTACT_MONTHS.value, PoolRuleKey.NO_SALE_MONTHS.value
    day = NOW.date() - dt.timedelta(days=30)
    pool_rules_save(
        pool=east,
        values={(first, "vip"): 6, (first, "c"): 1, (sale, "vip"): 6},
        effective_from=day,
        by=None,
        now=NOW - dt.timedelta(days=30),
    )
    pool_rules_save(
        pool=west,
        values={(first, "b"): 3, (sale, ""): 4, (PoolRuleKey.EXCLUDE_OPEN_DEAL.value, ""): 1},
        effective_from=day,
        by=None,
        now=NOW - dt.timedelta(days=30),
    )


def _row_by_row(*, ids: list[int]) -> int:
    """The naive job: each expired customer moved by `ownership_set` and noted, one by one,
    with its pool's and tier's periods."""
    from deals.models import CustomerTier
    from pools.models import Ownership, OwnershipReason, ReleaseNote
    from pools.periods import pool_rules_on
    from pools.selectors import FIRST_CONTACT_REASONS, expiry_in
    from pools.services import ownership_set

    today = NOW.date()
    rules = pool_rules_on(day=today)
    moved = 0
    for row in Ownership.objects.filter(customer_id__in=ids, owner__isnull=False).select_related(
        "customer"
    ):
        tier = (
            CustomerTier.objects.filter(customer_id=row.customer_id)
            .values_list("tier", flat=True)
            .first()
        )
        ends, rule = expiry_in(
            rules=rules,
            since=row.since,
            reason=row.reason,
            last_sale_at=row.last_sale_at,
            pool_id=row.pool_id,
            tier=tier,
        )
        if ends >= today:
            continue
        reason = (
            OwnershipReason.EXPIRY_NO_DEAL
            if rule == "POOL-1" and row.reason in FIRST_CONTACT_REASONS
            else OwnershipReason.EXPIRY_NO_SALE
        )
        owner_id = row.owner_id
        ownership_set(customer=row.customer, owner=None, reason=reason, now=NOW, params={})
        ReleaseNote.objects.create(
            customer=row.customer, owner_id=owner_id, rule=rule, created_at=NOW
        )
        moved += 1
    return moved


def main() -> None:
    url = os.environ.get("DATABASE_URL", "")
    _prepare_database(url)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from crm import roles
    from crm.lib.paging import keyset_page
    from crm.models import Team
    from pools.models import Pool, PoolRuleKey
    from pools.periods import Proposed
    from pools.selectors import POOL_ORDER, pool_list_for, pool_rules_preview
    from pools.services import pool_expiry_run

    call_command("migrate", verbosity=0)
    User = get_user_model()
    reps = [
        User(username=f"bench-rep-{i}", last_name="代表", first_name=str(i)) for i in range(REPS)
    ]
    owners = [u.pk for u in User.objects.bulk_create(reps)]
    rep = User.objects.get(pk=owners[0])
    rep.groups.add(*roles_groups(roles.REP))

    default = Pool.objects.get(is_default=True)
    east = Pool.objects.create(name="华东客户池", department=Team.objects.create(name="华东"))
    west = Pool.objects.create(name="华西客户池", department=Team.objects.create(name="华西"))
    pools = [default.pk, east.pk, west.pk]
    _pool_rules(east=east, west=west)
    from crm.models import StaffProfile

    teams = [None, Team.objects.create(name="华东一组", parent=east.department)]
    teams.append(Team.objects.create(name="华西一组", parent=west.department))
    StaffProfile.objects.bulk_create(
        [StaffProfile(user_id=pk, team=teams[i % 3]) for i, pk in enumerate(owners)]
    )

    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        _build(cursor, first=1, count=CUSTOMERS, owners=owners)
        _pools_and_tiers(cursor, first=1, count=CUSTOMERS, pools=pools)
        cursor.execute(
            "ANALYZE customers_customer; ANALYZE pools_ownership; ANALYZE deals_customertier"
        )
    print(
        f"built {CUSTOMERS:,} customers with owners in 3 pools and 5 tiers in "
        f"{time.perf_counter() - t0:.1f} s"
    )

    proposed = [
        Proposed(east.pk, PoolRuleKey.FIRST_CONTACT_MONTHS.value, "a", 4),
        Proposed(west.pk, PoolRuleKey.NO_SALE_MONTHS.value, "vip", 12),
    ]
    t0 = time.perf_counter()
    preview = pool_rules_preview(day=NOW.date(), proposed=proposed)
    print(
        f"rule-settings preview: {time.perf_counter() - t0:.2f} s — would expire "
        f"{preview.expire_after:,} (now {preview.expire_before:,}), warn "
        f"{preview.warn_after:,} (now {preview.warn_before:,}), {len(preview.rows)} examples"
    )

    t0 = time.perf_counter()
    moved = pool_expiry_run(now=NOW)
    set_seconds = time.perf_counter() - t0
    total = sum(moved.values())
    print(
        f"nightly expiry (set-based): {set_seconds:.2f} s for {total:,} customers moved "
        f"({moved['POOL-1']:,} POOL-1, {moved['POOL-3']:,} POOL-3) — "
        f"{set_seconds / max(total, 1) * 1e6:.1f} µs a customer"
    )
    t0 = time.perf_counter()
    again = pool_expiry_run(now=NOW)
    print(f"second run: {time.perf_counter() - t0:.2f} s, moved {sum(again.values())} (idempotent)")

    first = CUSTOMERS + 1
    with connection.cursor() as cursor:
        _build(cursor, first=first, count=SAMPLE, owners=owners)
        _pools_and_tiers(cursor, first=first, count=SAMPLE, pools=pools)
        cursor.execute("ANALYZE pools_ownership; ANALYZE deals_customertier")
    t0 = time.perf_counter()
    orm_moved = _row_by_row(ids=list(range(first, first + SAMPLE)))
    orm_seconds = time.perf_counter() - t0
    per_set = set_seconds / max(total, 1)
    per_orm = orm_seconds / max(orm_moved, 1)
    print(
        f"row by row through the ORM: {orm_seconds:.2f} s for {orm_moved:,} of a "
        f"{SAMPLE:,}-customer sample — {per_orm * 1e6:.1f} µs a customer"
    )
    print(
        f"ratio (per customer moved): the ORM loop is {per_orm / per_set:.0f}× slower; "
        f"for {total:,} customers it would take about {per_orm * total / 60:.1f} min "
        f"instead of {set_seconds:.1f} s"
    )

    from django.utils import timezone

    for label, after in (("first page", ""), ("deep page", "deep")):
        qs = pool_list_for(user=rep, now=timezone.now())
        if after:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT o.since, o.customer_id FROM pools_ownership o"
                    " WHERE o.owner_id IS NULL ORDER BY o.since, o.customer_id LIMIT 1 OFFSET 30"
                )
                when, pk = cursor.fetchone()
            epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
            after = f"{(when - epoch) // dt.timedelta(microseconds=1)}_{pk}"
        t0 = time.perf_counter()
        page = keyset_page(qs=qs, size=25, after=after, order=POOL_ORDER)
        print(
            f"pool page query ({label}): {(time.perf_counter() - t0) * 1000:.1f} ms, "
            f"{len(page.rows)} rows"
        )


def roles_groups(code: str):
    """The role's group (groups are named by role code), made if missing."""
    from django.contrib.auth.models import Group

    from crm import roles

    roles.sync_roles()
    return list(Group.objects.filter(name=code))


if __name__ == "__main__":
    main()
