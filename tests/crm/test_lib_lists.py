"""crm/lib/lists.py (WORK-2): the sort a query asks for, the query a link keeps, the total
counted no further than its cap."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from crm.lib.lists import CappedTotal, SortOption, capped_total, list_query, sorting_from
from crm.lib.paging import keyset_cursor, keyset_cursor_parse
from crm.models import Region

pytestmark = pytest.mark.rule("WORK-2")
OPTIONS = (
    SortOption("added", "Added", ("created_at", "id"), descending=True),
    SortOption("name", "Name", ("name", "id")),
)


def test_the_query_chooses_the_sort_and_its_direction():
    sorting = sorting_from(QueryDict("sort=-name"), options=OPTIONS, default="-added")
    assert (sorting.chosen.key, sorting.descending, sorting.order) == ("name", True, ("name", "id"))
    assert sorting.state("name") == "descending"
    assert sorting.state("added") == ""


def test_an_unknown_sort_falls_back_to_the_default():
    for raw in ("", "phone", "-", "--name;drop"):
        sorting = sorting_from(QueryDict(f"sort={raw}"), options=OPTIONS, default="-added")
        assert sorting.value == "-added"


def test_a_sort_link_flips_the_sorted_column_and_starts_another_in_its_direction():
    sorting = sorting_from(
        QueryDict("sort=name&q=王&after=s王_3"), options=OPTIONS, default="-added"
    )
    assert sorting.link("name") == "?q=%E7%8E%8B&sort=-name"
    assert sorting.link("added") == "?q=%E7%8E%8B&sort=-added"


def test_a_kept_query_drops_cursors_and_empty_values_and_keeps_repeated_ones():
    query = QueryDict("q=&kind=person&after=1_2&before=3_4&page=2&tag=a&tag=b")
    assert list_query(query) == "kind=person&tag=a&tag=b"
    assert list_query(query, kind=None, sort="name") == "tag=a&tag=b&sort=name"


@pytest.mark.django_db
def test_the_total_counts_over_a_limit(set_param):
    Region.objects.bulk_create(Region(name=f"区{i}", code=f"r{i}") for i in range(5))
    qs = Region.objects.all()
    assert capped_total(qs, cap=10) == CappedTotal(count=5, capped=False)
    with CaptureQueriesContext(connection) as queries:
        assert capped_total(qs, cap=3) == CappedTotal(count=3, capped=True)
    assert "LIMIT 4" in queries.captured_queries[-1]["sql"].upper()
    set_param("lists.total_cap", 4)
    assert capped_total(qs) == CappedTotal(count=4, capped=True)


def test_a_text_cursor_round_trips_even_with_an_underscore():
    class Row:
        name, id = "王_秀英", 42

    cursor = keyset_cursor(row=Row, order=("name", "id"))
    assert keyset_cursor_parse(cursor) == ("王_秀英", 42)
    assert keyset_cursor_parse("s\x00_1") is None
    assert keyset_cursor_parse("s" + "x" * 500 + "_1") is None
