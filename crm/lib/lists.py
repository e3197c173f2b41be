"""WORK-2: what every list has — sortable columns that keep keyset paging, a capped total,
the query string a saved view (场景) keeps.

- A list declares its `SortOption`s, each the two keyset columns of an index that serves
  the order (crm/lib/paging.py): only indexed keys are sortable, so a page deep in a sorted
  list of a million rows still reads one page of an index. `?sort=key` is ascending,
  `?sort=-key` descending; a sort that is not offered falls back to the list's default.
- `capped_total` counts at most `lists.total_cap` rows (COUNT over a LIMIT): a list shows
  "10,000+" rather than counting a million rows for every page.
- `list_query` is the request's query without the paging cursors: what a sort link, a
  filter form and a saved view carry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.functional import Promise

from crm.lib.paging import KeysetPage, keyset_page
from crm.parameters import param

# Query parameters that place a page rather than choose the list.
PAGING_KEYS = ("after", "before", "page")


@dataclass(frozen=True)
class SortOption:
    """A sortable column: `key` in the URL, `order` the index's two keyset columns (sort
    value, unique tie-break), `descending` its first direction (newest, largest first)."""

    key: str
    label: str | Promise
    order: tuple[str, str]
    descending: bool = False


@dataclass(frozen=True)
class Sorting:
    """The sort a request chose among `options`, and links to the others."""

    options: tuple[SortOption, ...]
    chosen: SortOption
    descending: bool
    query: QueryDict

    @property
    def order(self) -> tuple[str, str]:
        return self.chosen.order

    @property
    def value(self) -> str:
        return f"-{self.chosen.key}" if self.descending else self.chosen.key

    def state(self, key: str) -> str:
        """ "ascending", "descending" or "" (not the sort) for the column `key`."""
        if key != self.chosen.key:
            return ""
        return "descending" if self.descending else "ascending"

    def link(self, key: str) -> str:
        """The query of the list sorted by `key`: its first direction, or the other one
        when it is already the sort; from the first page."""
        option = next(o for o in self.options if o.key == key)
        descending = not self.descending if key == self.chosen.key else option.descending
        return "?" + list_query(self.query, sort=f"-{key}" if descending else key)


def sorting_from(query: QueryDict, *, options: Sequence[SortOption], default: str) -> Sorting:
    """The sort `?sort=` asks for among `options`, else `default` ("key" or "-key")."""
    by_key = {option.key: option for option in options}
    for raw in (query.get("sort", ""), default):
        key = raw.removeprefix("-")
        if key in by_key:
            return Sorting(
                options=tuple(options),
                chosen=by_key[key],
                descending=raw.startswith("-"),
                query=query,
            )
    raise ValueError(f"The default sort {default!r} is not among the options.")


def list_query(query: QueryDict, **changes) -> str:
    """`query` without the paging cursors and empty values, with `changes` (None drops)."""
    kept = [(k, v) for k, values in query.lists() for v in values if k not in PAGING_KEYS and v]
    kept = [(k, v) for k, v in kept if k not in changes]
    kept += [(k, v) for k, v in changes.items() if v not in (None, "")]
    return urlencode(kept)


def sorted_page(*, qs: QuerySet, sorting: Sorting, query: QueryDict, size: int) -> KeysetPage:
    """A keyset page of `qs` in the chosen sort (crm.lib.paging.keyset_page)."""
    return keyset_page(
        qs=qs,
        size=size,
        order=sorting.order,
        after=query.get("after", ""),
        before=query.get("before", ""),
        descending=sorting.descending,
    )


@dataclass(frozen=True)
class CappedTotal:
    count: int
    capped: bool


def capped_total(qs: QuerySet, *, cap: int | None = None) -> CappedTotal:
    """How many rows `qs` has, counted no further than `cap` (`lists.total_cap`): one
    COUNT over a LIMIT, so a million rows cost no more than the cap."""
    cap = param("lists.total_cap") if cap is None else cap
    found = qs.order_by()[: cap + 1].count()
    return CappedTotal(count=min(found, cap), capped=found > cap)


def paging_links(*, page: KeysetPage, query: QueryDict) -> dict[str, str]:
    """The queries of the next, previous and first pages, keeping sort and filters."""
    return {
        "next_query": list_query(query, after=page.next_cursor),
        "previous_query": list_query(query, before=page.previous_cursor),
        "first_query": list_query(query),
    }
