"""Keyset pages (crm/lib/paging.py): seeking by a row comparison on the index's columns."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm.lib.paging import keyset_cursor, keyset_cursor_parse, keyset_page
from customers.models import Customer
from customers.selectors.customers import CUSTOMER_ORDER
from pools.models import Ownership, OwnershipReason
from pools.selectors import POOL_ORDER, pool_list_for
from tests.customers.factories import CustomerFactory

pytestmark = pytest.mark.django_db
PAGE = 25


def test_a_cursor_names_a_rows_place_exactly():
    customer = CustomerFactory()
    when, pk = keyset_cursor_parse(keyset_cursor(row=customer, order=CUSTOMER_ORDER))
    assert (when, pk) == (customer.created_at, customer.pk)


def test_cursors_of_dates_and_numbers_read_back_as_such():
    class Row:
        due_on = dt.date(2026, 11, 23)
        points = 98
        pk = 7

    assert keyset_cursor_parse(keyset_cursor(row=Row, order=("due_on", "pk"))) == (Row.due_on, 7)
    assert keyset_cursor_parse(keyset_cursor(row=Row, order=("points", "pk"))) == (98, 7)


@pytest.mark.parametrize(
    "cursor", ["", "x", "12_", "_3", "d99999999999_1", "1" * 19 + "_1", "i-1_2"]
)
def test_anything_that_is_not_a_cursor_is_ignored(cursor):
    assert keyset_cursor_parse(cursor) is None


def test_going_back_from_the_second_page_gives_a_full_first_page():
    made = CustomerFactory.create_batch(5)
    qs = Customer.objects.order_by("-created_at", "-pk")
    first = keyset_page(qs=qs, size=2, order=CUSTOMER_ORDER)
    second = keyset_page(qs=qs, size=2, after=first.next_cursor, order=CUSTOMER_ORDER)
    back = keyset_page(qs=qs, size=2, before=second.previous_cursor, order=CUSTOMER_ORDER)
    assert [c.pk for c in back.rows] == [c.pk for c in first.rows]
    assert not back.has_previous
    assert len(made) == 5


def _walk(qs, *, size, order, descending=True) -> tuple[list[int], list[int]]:
    """Every row page by page forward, then page by page back from the last page."""
    pages = [keyset_page(qs=qs, size=size, order=order, descending=descending)]
    while pages[-1].has_next:
        pages.append(
            keyset_page(
                qs=qs, size=size, order=order, descending=descending, after=pages[-1].next_cursor
            )
        )
    forward = [row.pk for page in pages for row in page.rows]
    backward, page = [], pages[-1]
    while page.has_previous:
        page = keyset_page(
            qs=qs, size=size, order=order, descending=descending, before=page.previous_cursor
        )
        backward = [row.pk for row in page.rows] + backward
    return forward, backward + [row.pk for row in pages[-1].rows]


def test_rows_that_share_their_sort_value_are_each_shown_once_in_both_directions():
    same = timezone.now().replace(microsecond=0)
    made = CustomerFactory.create_batch(7)
    Customer.objects.filter(pk__in=[c.pk for c in made[1:6]]).update(created_at=same)
    qs = Customer.objects.all()
    expected = list(qs.order_by("-created_at", "-id").values_list("pk", flat=True))
    forward, backward = _walk(qs, size=2, order=CUSTOMER_ORDER)
    assert forward == expected
    assert backward == expected
    forward, backward = _walk(qs, size=3, order=CUSTOMER_ORDER, descending=False)
    assert forward == expected[::-1]
    assert backward == expected[::-1]


def test_the_order_names_a_sort_column_and_a_tie_break():
    with pytest.raises(ValueError, match="tie-break"):
        keyset_page(qs=Customer.objects.all(), size=2, order=("created_at",))


# PostgreSQL: a deep pool page reads about a page of the pool's index ----------------------


def _index_scans(plan: dict, index: str) -> list[dict]:
    found = [plan] if plan.get("Index Name") == index else []
    for child in plan.get("Plans", ()):
        found.extend(_index_scans(child, index))
    return found


@pytest.mark.postgresql
def test_a_deep_pool_page_where_thousands_share_one_since_reads_one_page_of_the_index(
    make_user,
):
    """STYLE habit 18: the nightly expiry gives everyone it moves the same `since`; the
    seek `(since, customer_id) < (x, y)` starts the index scan at the cursor, where
    `since < x OR (since = x AND id < y)` read every row before it."""
    manager = make_user("sales_manager")
    moved_at = timezone.now().replace(microsecond=0) - dt.timedelta(days=1)
    customers = Customer.objects.bulk_create(
        Customer(name=f"池{n}", created_at=moved_at) for n in range(5000)
    )
    Ownership.objects.bulk_create(
        Ownership(customer=c, since=moved_at, reason=OwnershipReason.EXPIRY_NO_DEAL, rule="POOL-1")
        for c in customers
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE pools_ownership")
        cursor.execute("ANALYZE customers_customer")
    qs = pool_list_for(user=manager, now=timezone.now())
    deep = sorted(c.pk for c in customers)[1000]  # 4,000 rows of the same `since` before it
    after = keyset_cursor(row=Ownership(customer_id=deep, since=moved_at), order=("since", "pk"))
    with CaptureQueriesContext(connection) as ran:
        page = keyset_page(qs=qs, size=PAGE, order=POOL_ORDER, after=after)
    older = sorted((c.pk for c in customers if c.pk < deep), reverse=True)
    assert [c.pk for c in page.rows] == older[:PAGE]

    # The page's own query, as it ran, explained with what it really read.
    (query,) = [q["sql"] for q in ran.captured_queries if "pools_ownership" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {query}")
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    scans = _index_scans(plan[0]["Plan"], "ownership_pool_idx")
    assert scans, "the pool is read from its partial index"
    # What the scan read: the rows it returned and those its filter threw away after reading.
    read = [scan["Actual Rows"] + scan.get("Rows Removed by Filter", 0) for scan in scans]
    assert all(rows <= 2 * PAGE + 5 for rows in read), scans
