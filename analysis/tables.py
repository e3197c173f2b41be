"""What an analysis page holds: tables of numbers, each drawn by at most one chart.

A chart is never given numbers of its own: it names columns of its table, and the SVG,
the HTML table and the .xlsx sheet all read the same rows, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from crm.templatetags.crm import yuan

TEXT = "text"
INT = "int"
MONEY = "money"
PERCENT = "percent"

HUNDRED = Decimal(100)
ONE_PLACE = Decimal("0.1")


def percent(part, whole) -> Decimal:
    """`part` as a percentage of `whole`, one decimal (0 when `whole` is 0)."""
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Link:
    text: str
    url: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = INT


@dataclass(frozen=True)
class Chart:
    """How a table is drawn: "bars" (one horizontal bar per row: categories) or "columns"
    (one group of vertical columns per row: periods). `series` are column indexes."""

    kind: str
    series: tuple[int, ...] = (1,)
    stacked: bool = False


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list]
    totals: list | None = None
    chart: Chart | None = None
    note: str = ""
    description: str = ""

    def column_values(self, index: int) -> list:
        return [row[index] for row in self.rows]


@dataclass(frozen=True)
class Figure:
    """A headline number above the charts."""

    label: str
    value: object
    kind: str = INT


@dataclass
class Report:
    key: str
    title: str
    intro: str
    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    download_needs: str = ""  # a permission the .xlsx needs beyond seeing the page

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def display(value, kind: str) -> str:
    """A number as the table shows it."""
    if value is None or value == "":
        return ""
    if kind == MONEY:
        return yuan(value)
    if kind == PERCENT:
        return f"{Decimal(value):.1f}%"
    if kind == INT:
        return f"{int(value):,}"
    return str(value)


def raw(value) -> str:
    """The number behind a cell, as the SVG and the table both carry it (data-value)."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)


def table_cells(table: Table, row: list) -> list[dict]:
    """A row as the template writes it: text, number behind it, link, kind, heading."""
    return [
        {
            "text": display(value, column.kind) if column.kind != TEXT else str(value),
            "raw": raw(value) if column.kind != TEXT else "",
            "url": getattr(value, "url", ""),
            "kind": column.kind,
            "label": column.label,
        }
        for column, value in zip(table.columns, row, strict=True)
    ]
