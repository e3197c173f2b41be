"""How fast search answers a fragment of a name or organisation (WORK-6) at 1,000,000 customers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_search_bench \
        .venv/bin/python bench/search_fragments.py
    BENCH_CUSTOMERS=200000 ... (smaller)

A benchmark, not a test. It needs a PostgreSQL database whose name ends in "bench" (it is
dropped and created again). It builds the customers and their ownerships set-based (the
builder of bench/pool_expiry.py), gives them Chinese names (100 surnames, given names of
one or two of 300 characters) and one in four an organisation (city + word + trade, e.g.
北京华信科技), fills the two-character pieces of both in one UPDATE (the same pieces as
customers.names.name_grams, which the test suite checks), builds the GIN index of migration
0004 and times the customer list's search through Django's test client, whole request, as
a sales manager (every customer) and as a rep owning 50,000: many different fragments of
each kind, reporting the median and the 95th percentile of the search query alone (the
list's first page) and of the whole page, and the page's queries.
"""

from __future__ import annotations

import importlib.util
import os
import random
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
FRAGMENTS = int(os.environ.get("BENCH_FRAGMENTS", "40"))

_spec = importlib.util.spec_from_file_location("pool_bench", ROOT / "bench" / "pool_expiry.py")
pool_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pool_bench)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "秀英华明芳玉兰国强军敏静丽伟刚勇艳杰娟涛超霞平红燕桂林建文辉斌波鹏宇浩洋磊晶晨雪梅琳雅婷"
    "倩颖慧佳欣怡嘉瑶璐薇莉萍凤翠荣淑珍贞兵海峰亮飞龙凯鑫宏志成家德福寿康宁安祥和顺利民生永春"
    "夏秋冬云霞彩虹光辉金银铁山水河江湖泽润清源远志诚信忠义孝仁礼智勤俭朴实友爱恩惠贤良美好善"
    "正直刚毅坚韧卓越博学思远立新启航振兴腾飞继承发扬光大兴旺昌盛繁荣富贵吉庆欢乐喜悦幸运月星"
)
CITIES = (
    "北京",
    "上海",
    "广州",
    "深圳",
    "杭州",
    "南京",
    "成都",
    "武汉",
    "西安",
    "天津",
    "苏州",
    "重庆",
)
WORDS = (
    "华信",
    "康泰",
    "阳光",
    "恒通",
    "瑞丰",
    "鼎盛",
    "宏图",
    "金桥",
    "长青",
    "益民",
    "福寿",
    "安康",
)
TRADES = ("科技", "养老院", "贸易", "医药", "健康管理", "实业", "物业", "酒店")


def _names(cursor) -> None:
    """Chinese names and organisations, and their pieces (customers.names.name_grams)."""
    cursor.execute(
        """
        UPDATE customers_customer SET
            name = substr(%(s)s::text, (1 + (id::bigint * 7919) %% length(%(s)s::text))::int, 1)
                || substr(%(g)s::text, (1 + (id::bigint * 104729) %% length(%(g)s::text))::int, 1)
                || CASE WHEN id %% 3 = 0 THEN ''
                   ELSE substr(%(g)s::text,
                       (1 + (id::bigint * 1299709) %% length(%(g)s::text))::int, 1) END,
            organisation = CASE WHEN id %% 4 = 0 THEN
                (%(c)s::text[])[(1 + (id / 4) %% %(nc)s)::int]
                || (%(w)s::text[])[(1 + (id / 7) %% %(nw)s)::int]
                || (%(t)s::text[])[(1 + (id / 11) %% %(nt)s)::int] ELSE '' END
        """,
        {
            "s": SURNAMES,
            "g": GIVEN,
            "c": list(CITIES),
            "nc": len(CITIES),
            "w": list(WORDS),
            "nw": len(WORDS),
            "t": list(TRADES),
            "nt": len(TRADES),
        },
    )
    # The pieces of each word of the name and the organisation, as name_grams makes them.
    cursor.execute(
        """
        UPDATE customers_customer c SET name_grams = COALESCE(' ' || (
            SELECT string_agg(DISTINCT substr(w, i, 2), ' ')
            FROM unnest(string_to_array(lower(c.name || ' ' || c.organisation), ' ')) AS w,
                 generate_series(1, length(w) - 1) AS i
        ) || ' ', '')
        """
    )


def _p(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _fragments(rng: random.Random) -> dict[str, list[str]]:
    from customers.models import Customer

    sample = list(
        Customer.objects.filter(
            pk__in=[rng.randint(1, CUSTOMERS) for _ in range(FRAGMENTS * 4)]
        ).values_list("name", "organisation")[: FRAGMENTS * 4]
    )
    names = [n for n, _ in sample if len(n) == 3][:FRAGMENTS]
    orgs = [o for _, o in sample if o][:FRAGMENTS] or ["北京华信科技"]
    return {
        "2 chars, end of a name (秀英)": [n[1:] for n in names],
        "2 chars, start of a name (王秀)": [n[:2] for n in names],
        "3 chars, whole name": names,
        "2 chars inside an organisation (华信)": [o[2:4] for o in orgs],
        "3 chars inside an organisation": [o[1:4] for o in orgs],
        "2 chars, no such name": [rng.choice(GIVEN) + rng.choice(CITIES)[0] for _ in names],
        "1 char (start of a name)": [n[0] for n in names],
        "pinyin initials": ["wxy", "zs", "lxh", "cjm", "hyq"] * (FRAGMENTS // 5 or 1),
        "phone, 7 digits": [f"139{rng.randint(0, CUSTOMERS):08d}"[:7] for _ in names],
    }


REUSE = os.environ.get("BENCH_REUSE") == "1"  # time again on the database built before


def main() -> None:
    if not REUSE:
        pool_bench._prepare_database(os.environ.get("DATABASE_URL", ""))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection

    from crm import roles

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    roles.sync_roles()
    User = get_user_model()
    if REUSE:
        rep = User.objects.get(username="bench-rep-0")
        manager = User.objects.get(username="bench-manager")
    else:
        rep, manager = _build_all(User, Group, roles, connection)
    _time(rep, manager)


def _build_all(User, Group, roles, connection):
    reps = [
        User(username=f"bench-rep-{i}", last_name="代表", first_name=f"{i}") for i in range(200)
    ]
    owners = [u.pk for u in User.objects.bulk_create(reps)]
    rep = User.objects.get(pk=owners[0])
    manager = User.objects.create(username="bench-manager", last_name="经理", first_name="王")
    rep.groups.add(Group.objects.get(name=roles.REP))
    manager.groups.add(Group.objects.get(name=roles.SALES_MANAGER))

    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS customer_grams_gin")
        t0 = time.perf_counter()
        pool_bench._build(cursor, first=1, count=CUSTOMERS, owners=owners)
        cursor.execute(
            "UPDATE pools_ownership SET owner_id = %s WHERE customer_id <= %s",
            [rep.pk, OWNED_BY_ONE_REP],
        )
        print(f"built {CUSTOMERS:,} customers in {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        _names(cursor)
        print(f"names and their pieces in {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        cursor.execute(
            "CREATE INDEX customer_grams_gin ON customers_customer "
            "USING gin (string_to_array(name_grams, ' '))"
        )
        print(f"GIN index on the pieces built in {time.perf_counter() - t0:.1f} s")
        cursor.execute("VACUUM ANALYZE customers_customer")
        cursor.execute("ANALYZE pools_ownership")
        cursor.execute(
            "SELECT pg_size_pretty(pg_relation_size('customer_grams_gin')),"
            " pg_size_pretty(pg_relation_size('customer_name_trgm'))"
        )
        grams_size, trgm_size = cursor.fetchone()
        print(f"index sizes: pieces GIN {grams_size}, name trigram GIN {trgm_size}")
    return rep, manager


def _time(rep, manager) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from customers.names import name_grams

    rng = random.Random(7)
    fragments = _fragments(rng)
    url = reverse("customers:customer_list")
    from customers.selectors.customers import customer_list_for

    print(
        f"\n{'who':<16} {'search':<38} {'n':>3} {'query p50':>9} {'query p95':>9}"
        f" {'page p50':>9} {'page p95':>9} {'queries':>8} {'hits p.1':>8}"
    )
    for who, user in (("sales manager", manager), ("rep with 50,000", rep)):
        client = Client()
        client.force_login(user)
        client.get(url)
        for label, terms in fragments.items():
            times, sql_times, queries, hits = [], [], 0, []
            for term in terms:
                # The search itself: the list's first page (26 rows: 25 and one to know
                # there is a next page), as the view asks for it.
                t0 = time.perf_counter()
                list(customer_list_for(user=user, q=term)[:26])
                sql_times.append((time.perf_counter() - t0) * 1000)
                with CaptureQueriesContext(connection) as captured:
                    t0 = time.perf_counter()
                    response = client.get(f"{url}?{urlencode({'q': term})}")
                    times.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, (term, response.status_code)
                queries = max(queries, len(captured))
                hits.append(response.content.decode().count("customer-cell-name"))
            print(
                f"{who:<16} {label:<38} {len(times):>3} {statistics.median(sql_times):>9.1f}"
                f" {_p(sql_times, 0.95):>9.1f} {statistics.median(times):>9.1f}"
                f" {_p(times, 0.95):>9.1f} {queries:>8} {statistics.median(hits):>8.0f}"
            )
    # The SQL builder of the bench and the app agree on the pieces.
    from customers.models import Customer

    for row in Customer.objects.order_by("pk")[:200]:
        assert row.name_grams == name_grams(row.name, row.organisation) or set(
            row.name_grams.split()
        ) == set(name_grams(row.name, row.organisation).split()), row.pk


if __name__ == "__main__":
    main()
