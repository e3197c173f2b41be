"""How fast the analysis pages (REPORT-2) answer with 1,000,000 customers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_analysis_bench \
        .venv/bin/python bench/analysis_pages.py            # 1,000,000 customers
    ... bench/analysis_pages.py 20000                        # a smaller N

A benchmark, not a test. It needs a PostgreSQL database whose name ends in "bench" (it is
dropped and created again: never point it at real data). It builds, set-based with
INSERT … SELECT generate_series (the approach of bench/pool_expiry.py):

- 36 regions, 3 departments of 6 teams, 200 reps;
- N customers over three years with sources, regions and kinds, 35 % of them back in the
  pool, with their ownership history (first contact, expiry, release and claim);
- deals for one customer in six (1.6 each, one or two product lines), one payment each
  (19 in 20 confirmed by finance), tiers with their history;
- surveys for 60 % of the customers under six campaigns, 400 events with attendees, and two
  follow-up visit tasks per buyer.

Then it times the nightly job `analysis_refresh` (and its second run), and every analysis
page through the Django test client for the general manager (every team), a sales manager
(a department of six teams) and a supervisor (one team), in milliseconds: computed (the
report cache emptied before each request, as on the first view after the nightly run; best
and median of five) and cached (the same page again until the next run; best of five), with
the number of queries. The goal: every page under 300 ms when computed. The machine is
shared: the best of five is the figure least disturbed by other work.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import statistics
import sys
import time
from pathlib import Path

from benchdb import prepare_database as _prepare_database

CUSTOMERS = (
    int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("BENCH_CUSTOMERS", "1000000"))
)
REPS = 200
DEPARTMENTS = 3
TEAMS_PER_DEPARTMENT = 6
PROVINCES = 6
CITIES = 5
CAMPAIGNS = 6
EVENTS = 400
ATTENDEES = 40
PRODUCTS = (
    ("保健礼盒", 1800),
    ("按摩靠垫", 1280),
    ("家用理疗仪", 36800),
    ("养老社区健康套餐", 2980),
    ("灵芝孢子粉", 980),
    ("血压计", 460),
    ("按摩椅", 12800),
    ("净水器", 3600),
    ("助听器", 5200),
    ("蛋白粉", 360),
    ("旅游套餐", 4800),
    ("理疗贴", 120),
)
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings_test")
PAGE_GOAL_MS = 300
ATTEMPTS = 5


def insert_select(model, *, select: dict[str, str], source: str, params: dict) -> int:
    """INSERT INTO model's table the columns of `select` ({column: SQL expression}) FROM
    `source`, through the application's own set-based helper (crm.lib.sql.insert_select,
    which gives every other NOT NULL column its field's default). The expressions name
    their parameters (`%(reps)s`); the helper takes them in order."""
    from crm.lib.sql import insert_select as insert_select_sql

    fields = {field.column: field.name for field in model._meta.concrete_fields}
    ordered = []

    def positional(match: re.Match) -> str:
        ordered.append(params[match.group(1)])
        return "%s"

    sql = re.sub(
        r"(?<!%)%\((\w+)\)s", positional, f"SELECT {', '.join(select.values())} FROM {source}"
    )
    return insert_select_sql(
        model=model,
        columns=[fields[column] for column in select],
        select=(sql, ordered),
        fill_defaults=True,
    )


def build(*, now: dt.datetime) -> dict:
    """The data set of the module docstring; returns the users the pages are timed for."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from crm import roles
    from crm.models import Region, StaffProfile, Team
    from customers.models import (
        Attendance,
        Campaign,
        Customer,
        Event,
        Survey,
        SurveyTemplate,
    )
    from deals.models import CustomerTier, Deal, DealLine, Payment
    from pools.models import Ownership, OwnershipChange
    from visits.models import VisitTask

    User = get_user_model()
    roles.sync_roles()
    regions = []
    for p in range(PROVINCES):
        province = Region.objects.create(name=f"省{p}", code=f"p{p}")
        regions += [
            Region.objects.create(name=f"省{p}市{c}", code=f"p{p}-c{c}", parent=province)
            for c in range(CITIES)
        ]
    teams, departments = [], []
    for d in range(DEPARTMENTS):
        department = Team.objects.create(name=f"销售{d}部", region=regions[d * CITIES].parent)
        departments.append(department)
        for t in range(TEAMS_PER_DEPARTMENT):
            region = regions[(d * TEAMS_PER_DEPARTMENT + t) % len(regions)]
            teams.append(Team.objects.create(name=f"{d}部{t}组", parent=department, region=region))
    reps = User.objects.bulk_create(
        [User(username=f"rep{i}", last_name="代表", first_name=str(i)) for i in range(REPS)]
    )
    StaffProfile.objects.bulk_create(
        [
            StaffProfile(user=rep, team=teams[i % len(teams)], region=teams[i % len(teams)].region)
            for i, rep in enumerate(reps)
        ]
    )
    rep_group = Group.objects.get(name=roles.REP)
    rep_group.user_set.add(*reps)

    def person(username, role, team=None, leads=None):
        user = User.objects.create(username=username, last_name="经理", first_name=username)
        user.groups.add(Group.objects.get(name=role))
        StaffProfile.objects.create(user=user, team=team)
        if leads is not None:
            leads.leader = user
            leads.save(update_fields=["leader"])
        return user

    gm = person("gm", roles.GENERAL_MANAGER)
    manager = person("manager", roles.SALES_MANAGER, departments[0], departments[0])
    supervisor = person("supervisor", roles.SUPERVISOR, teams[0], teams[0])
    finance = person("finance", roles.FINANCE)
    template = SurveyTemplate.objects.create(name="中老年健康调查表(bench)", name_en="Survey")
    campaigns = [
        Campaign.objects.create(name=f"普查活动{i}", name_en=f"Campaign {i}")
        for i in range(CAMPAIGNS)
    ]
    span = 3 * 365 * 86400
    rep_ids = [r.pk for r in reps]
    # Each rep's team region (reps are spread over the teams in order).
    rep_regions = [teams[i % len(teams)].region_id for i in range(REPS)]
    region_ids = [r.pk for r in regions]
    params = {
        "now": now,
        "n": CUSTOMERS,
        "span": span,
        "reps": rep_ids,
        "nreps": REPS,
        "rep_regions": rep_regions,
        "regions": region_ids,
        "nregions": len(region_ids),
        "sources": [
            "media",
            "agency",
            "association",
            "partner",
            "personal",
            "event",
            "referral",
            "telesales",
            "",
        ],
        "finance": finance.pk,
        "template": template.pk,
        "campaigns": [c.pk for c in campaigns],
        "products": [p for p, _price in PRODUCTS],
        "prices": [price for _p, price in PRODUCTS],
    }
    # The rep who collected customer g, its created time and whether it went to the pool.
    rep_of = "(%(reps)s::int[])[1 + (g * 7) %% %(nreps)s]"
    created = "%(now)s - (g::float8 / %(n)s * %(span)s) * interval '1 second'"
    in_pool = f"(g %% 20 < 7 AND {created} < %(now)s - interval '61 days')"
    claimed = f"(g %% 20 = 7 AND {created} < %(now)s - interval '31 days')"
    claimer = "(%(reps)s::int[])[1 + (g * 13) %% %(nreps)s]"
    series = "generate_series(1, %(n)s) AS g"
    timings = {}
    with transaction.atomic(), connection.cursor() as cursor:
        t0 = time.perf_counter()
        insert_select(
            Customer,
            select={
                "id": "g",
                "kind": "CASE WHEN g %% 10 = 0 THEN 'organisation' ELSE 'person' END",
                "name": "'客户' || g",
                "phone": "'139' || lpad(g::text, 8, '0')",
                "source": "(%(sources)s::text[])[1 + (g * 3) %% 9]",
                "region_id": (
                    "CASE WHEN g %% 7 = 0 THEN (%(regions)s::int[])[1 + g %% %(nregions)s] "
                    "ELSE (%(rep_regions)s::int[])[1 + (g * 7) %% %(nreps)s] END"
                ),
                "first_collector_id": rep_of,
                "created_by_id": rep_of,
                "created_at": created,
            },
            source=series,
            params=params,
        )
        insert_select(
            Ownership,
            select={
                "customer_id": "g",
                "owner_id": (
                    f"CASE WHEN {in_pool} THEN NULL WHEN {claimed} THEN {claimer} ELSE {rep_of} END"
                ),
                "since": f"{created}",
                "reason": "'first_contact'",
                "rule": "'POOL-1'",
                "is_referral": "false",
            },
            source=series,
            params=params,
        )
        for select, where in (
            (
                {
                    "customer_id": "g",
                    "to_owner_id": rep_of,
                    "reason": "'first_contact'",
                    "rule": "'POOL-1'",
                    "changed_at": created,
                },
                "true",
            ),
            (
                {
                    "customer_id": "g",
                    "from_owner_id": rep_of,
                    "reason": "'expiry_no_deal'",
                    "rule": "'POOL-1'",
                    "changed_at": f"{created} + interval '61 days'",
                },
                in_pool,
            ),
            (
                {
                    "customer_id": "g",
                    "from_owner_id": rep_of,
                    "reason": "'release'",
                    "rule": "'POOL-6'",
                    "changed_at": f"{created} + interval '20 days'",
                },
                claimed,
            ),
            (
                {
                    "customer_id": "g",
                    "to_owner_id": claimer,
                    "reason": "'claim'",
                    "rule": "'POOL-5'",
                    "changed_at": f"{created} + interval '30 days'",
                },
                claimed,
            ),
        ):
            insert_select(
                OwnershipChange,
                select=select,
                source=f"{series} WHERE {where}",
                params=params,
            )
        timings["customers and ownership"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        buyers = CUSTOMERS // 6
        deals = buyers * 8 // 5
        params.update({"buyers": buyers, "deals": deals})
        # Deal d belongs to buyer 6·(1 + (d−1) mod buyers), some time after it was recorded.
        customer_of = "(6 * (1 + (d - 1) %% %(buyers)s))"
        deal_time = (
            f"LEAST(%(now)s - interval '2 hours', "
            f"%(now)s - ({customer_of}::float8 / %(n)s * %(span)s) * interval '1 second' "
            f"+ ((d * 17) %% 200) * interval '1 day')"
        )
        deal_series = "generate_series(1, %(deals)s) AS d"
        deal_rep = f"(%(reps)s::int[])[1 + ({customer_of} * 7) %% %(nreps)s]"
        insert_select(
            Deal,
            select={
                "id": "d",
                "customer_id": customer_of,
                "rep_id": deal_rep,
                "created_by_id": deal_rep,
                "created_at": deal_time,
                "status": "'open'",
                "total": "0",
            },
            source=deal_series,
            params=params,
        )
        for k, where in ((0, "true"), (5, "d %% 3 = 0")):
            product = f"(1 + (d * 7 + {k}) %% 12)"
            insert_select(
                DealLine,
                select={
                    "deal_id": "d",
                    "product": f"(%(products)s::text[])[{product}]",
                    "quantity": "1 + d %% 3",
                    "unit_price": f"(%(prices)s::int[])[{product}]",
                    "amount": f"(1 + d %% 3) * (%(prices)s::int[])[{product}]",
                },
                source=f"{deal_series} WHERE {where}",
                params=params,
            )
        cursor.execute(
            "UPDATE deals_deal d SET total = s.t FROM (SELECT deal_id, SUM(amount) AS t "
            "FROM deals_dealline GROUP BY deal_id) s WHERE s.deal_id = d.id"
        )
        insert_select(
            Payment,
            select={
                "deal_id": "d.id",
                "customer_id": "d.customer_id",
                "amount": "d.total",
                "received_on": "(d.created_at AT TIME ZONE 'Asia/Shanghai')::date",
                "method": "'transfer'",
                "recorded_by_id": "d.rep_id",
                "recorded_at": "d.created_at",
                "status": "CASE WHEN d.id %% 20 = 0 THEN 'pending' ELSE 'confirmed' END",
                "confirmed_by_id": "CASE WHEN d.id %% 20 = 0 THEN NULL ELSE %(finance)s END",
                "confirmed_at": (
                    "CASE WHEN d.id %% 20 = 0 THEN NULL ELSE d.created_at + interval '1 hour' END"
                ),
            },
            source="deals_deal d",
            params=params,
        )
        cursor.execute(
            "UPDATE pools_ownership o SET first_sale_at = s.f, last_sale_at = s.l FROM ("
            "SELECT customer_id, MIN(confirmed_at) AS f, MAX(confirmed_at) AS l FROM deals_payment "
            "WHERE status = 'confirmed' GROUP BY customer_id) s WHERE s.customer_id = o.customer_id"
        )
        tiers = "ARRAY['c','b','a','special_vip','vip']"
        insert_select(
            CustomerTier,
            select={
                "customer_id": "6 * b",
                "tier": f"({tiers})[1 + (b * 3) %% 5]",
                "rule": "'DEAL-2'",
                "computed_at": "%(now)s",
            },
            source="generate_series(1, %(buyers)s) AS b",
            params=params,
        )
        history = CustomerTier.history.model
        first_sale = "%(now)s - (6 * b::float8 / %(n)s * %(span)s) * interval '1 second'"
        for kind, tier, when, where in (
            ("+", "'c'", first_sale, "true"),
            (
                "~",
                f"({tiers})[1 + (b * 3) %% 5]",
                f"{first_sale} + interval '90 days'",
                "b %% 5 > 0",
            ),
            ("~", "'b'", f"{first_sale} + interval '200 days'", "b %% 5 > 2"),
        ):
            insert_select(
                history,
                select={
                    "customer_id": "6 * b",
                    "tier": tier,
                    "rule": "'DEAL-2'",
                    "history_type": f"'{kind}'",
                    "history_date": f"LEAST({when}, %(now)s)",
                },
                source=f"generate_series(1, %(buyers)s) AS b WHERE {where}",
                params=params,
            )
        timings["deals, payments and tiers"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        insert_select(
            Survey,
            select={
                "customer_id": "g",
                "template_id": "%(template)s",
                "campaign_id": (
                    "CASE WHEN g %% 7 = 0 THEN NULL "
                    f"ELSE (%(campaigns)s::int[])[1 + g %% {CAMPAIGNS}] END"
                ),
                "collector_id": rep_of,
                "signed_at": created,
                "submitted_at": created,
                "status": "'sealed'",
            },
            source=f"{series} WHERE g %% 5 < 3",
            params=params,
        )
        params.update({"events": EVENTS, "attendees": ATTENDEES})
        insert_select(
            Event,
            select={
                "id": "e",
                "kind": "'fellowship'",
                "name": "'联谊会' || e",
                "held_on": "(%(now)s - e * interval '2 days')::date",
                "organiser_id": "(%(reps)s::int[])[1]",
                "created_at": "%(now)s - e * interval '2 days'",
            },
            source="generate_series(1, %(events)s) AS e",
            params=params,
        )
        insert_select(
            Attendance,
            select={
                "event_id": "e",
                "customer_id": "1 + ((e * %(attendees)s + k) * 7919) %% %(n)s",
                # An event is one team's: its reps bring the attendees.
                "rep_id": f"(%(reps)s::int[])[1 + e %% {len(teams)} + {len(teams)} * (k %% 11)]",
                "bought": "k %% 4 = 0",
            },
            source=("generate_series(1, %(events)s) AS e, generate_series(1, %(attendees)s) AS k"),
            params=params,
        )
        timings["surveys and events"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        for days in (3, 30):
            insert_select(
                VisitTask,
                select={
                    "customer_id": "p.customer_id",
                    "assignee_id": "p.recorded_by_id",
                    "visitor": "'rep'",
                    "source": "'adhoc'",
                    "due_on": f"p.received_on + {days}",
                    "status": (
                        "CASE WHEN p.id %% 10 < 7 THEN 'done' WHEN p.id %% 10 = 7 "
                        "THEN 'superseded' ELSE 'open' END"
                    ),
                    "done_at": (
                        f"CASE WHEN p.id %% 10 < 7 THEN p.recorded_at + "
                        f"({days} - 2 + p.id %% 4) * interval '1 day' END"
                    ),
                    "created_at": "p.recorded_at",
                },
                source="deals_payment p",
                params=params,
            )
        timings["visit tasks"] = time.perf_counter() - t0
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    for label, seconds in timings.items():
        print(f"  built {label} in {seconds:.1f} s")
    return {"general manager": gm, "sales manager": manager, "supervisor": supervisor}


def _counts() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        found = []
        for table in (
            "customers_customer",
            "pools_ownershipchange",
            "deals_deal",
            "deals_payment",
            "deals_historicalcustomertier",
            "customers_survey",
            "visits_visittask",
            "analysis_fact",
            "analysis_customermonth",
        ):
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            found.append(f"{table.split('_', 1)[1]} {cursor.fetchone()[0]:,}")
    return ", ".join(found)


def time_pages(users: dict) -> list[tuple]:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.urls import reverse

    from analysis import selectors
    from analysis.selectors import PAGES

    seconds = selectors.REPORT_CACHE_SECONDS

    results = []
    pages = [("overview", reverse("analysis:overview"), {})]
    for page in PAGES:
        pages.append((page.key, reverse("analysis:page", args=[page.key]), {}))
        if page.trend:
            pages.append(
                (f"{page.key} by week", reverse("analysis:page", args=[page.key]), {"by": "week"})
            )
    connection.force_debug_cursor = True
    for who, user in users.items():
        client = Client()
        client.force_login(user)
        for label, url, query in pages:
            response = client.get(url, query)  # warm: connection, parameter cache
            assert response.status_code == 200, (label, response.status_code)
            computed, cached = [], []
            # The report computed from the figures, as on its first view after a run.
            selectors.REPORT_CACHE_SECONDS = 0
            for _attempt in range(ATTEMPTS):
                reset_queries()
                t0 = time.perf_counter()
                client.get(url, query)
                computed.append((time.perf_counter() - t0) * 1000)
                queries = len(connection.queries)
            selectors.REPORT_CACHE_SECONDS = seconds
            client.get(url, query)
            for _attempt in range(ATTEMPTS):
                t0 = time.perf_counter()
                client.get(url, query)
                cached.append((time.perf_counter() - t0) * 1000)
            results.append(
                (who, label, min(computed), statistics.median(computed), min(cached), queries)
            )
    connection.force_debug_cursor = False
    return results


def main() -> None:
    url = os.environ.get("DATABASE_URL", "")
    _prepare_database(url)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    # The test client's host, without setup_test_environment (whose template
    # instrumentation would slow down the very rendering being timed).
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    now = timezone.now()
    print(f"building {CUSTOMERS:,} customers …")
    t0 = time.perf_counter()
    users = build(now=now)
    print(f"built in {time.perf_counter() - t0:.1f} s: {_counts()}")

    from analysis.services import analysis_refresh

    t0 = time.perf_counter()
    run = analysis_refresh(now=now)
    print(
        f"nightly analysis_refresh: {time.perf_counter() - t0:.1f} s, "
        f"{sum(run.rows.values()):,} rows"
    )
    for step, seconds in run.timings.items():
        print(f"  {step:<16} {seconds:7.2f} s  {run.rows[step]:>10,} rows")
    t0 = time.perf_counter()
    again = analysis_refresh(now=now)
    print(f"second run: {time.perf_counter() - t0:.1f} s, same rows: {again.rows == run.rows}")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE analysis_fact; ANALYZE analysis_customermonth")
    print(f"figures: {_counts()}")
    results = time_pages(users)
    print(
        f"\n{'who':<17} {'page':<22} {'computed: best':>15} {'median':>8} "
        f"{'cached: best':>13} {'queries':>8}"
    )
    slow = []
    for who, label, best, median, cached, queries in results:
        flag = "" if median < PAGE_GOAL_MS else "  ← over the goal"
        print(f"{who:<17} {label:<22} {best:15.1f} {median:8.1f} {cached:13.1f} {queries:8d}{flag}")
        if median >= PAGE_GOAL_MS:
            slow.append(f"{who}: {label}")
    worst = max(r[3] for r in results)
    print(
        f"\nslowest page computed from the figures (median): {worst:.1f} ms; goal "
        f"{PAGE_GOAL_MS} ms: {'met' if not slow else 'missed by ' + ', '.join(slow)}"
    )


if __name__ == "__main__":
    main()
