"""An analysis page as an .xlsx workbook: one sheet per table, the same rows as the page."""

from __future__ import annotations

import io
import re
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from analysis.selectors.scope import WEEK, Filters
from analysis.tables import INT, MONEY, PERCENT, Report, Table

BOLD = Font(bold=True)
MONEY_FORMAT = '"¥"#,##0.00'
PERCENT_FORMAT = "0.0%"
INT_FORMAT = "#,##0"


def _text(sheet, value, font=None) -> WriteOnlyCell:
    """Always text: a product named "=SUM(…)" must never become a formula."""
    cell = WriteOnlyCell(sheet, value=str(value))
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


def _number(sheet, value, kind: str) -> WriteOnlyCell:
    if kind == PERCENT:
        cell = WriteOnlyCell(sheet, value=Decimal(value) / 100)
        cell.number_format = PERCENT_FORMAT
    elif kind == MONEY:
        cell = WriteOnlyCell(sheet, value=Decimal(value))
        cell.number_format = MONEY_FORMAT
    else:
        cell = WriteOnlyCell(sheet, value=int(value))
        cell.number_format = INT_FORMAT
    return cell


def _cells(sheet, table: Table, row: list, font=None) -> list:
    cells = []
    for column, value in zip(table.columns, row, strict=True):
        if column.kind in (INT, MONEY, PERCENT) and value not in (None, ""):
            cell = _number(sheet, value, column.kind)
            if font is not None:
                cell.font = font
            cells.append(cell)
        else:
            cells.append(_text(sheet, value, font))
    return cells


def _sheet_title(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", title)[:31].strip() or "Sheet"
    name, n = base, 2
    while name in used:
        name, n = f"{base[:28]} {n}", n + 1
    used.add(name)
    return name


def filters_text(filters: Filters) -> list[tuple[str, str]]:
    return [
        (_("Period"), f"{filters.start:%Y-%m} – {filters.end:%Y-%m}"),
        (_("Trend by"), _("By week") if filters.by == WEEK else _("By month")),
        (_("Team"), filters.team_name or _("All")),
        (_("Region"), filters.region_name or _("All")),
    ]


def report_workbook(*, report: Report, filters: Filters, run) -> bytes:
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for table in report.tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, used))
        sheet.append([_text(sheet, f"{report.title} · {table.title}", BOLD)])
        for label, value in filters_text(filters):
            sheet.append([_text(sheet, label), _text(sheet, value)])
        computed = f"{timezone.localtime(run.started_at):%Y-%m-%d %H:%M}" if run else _("not yet")
        sheet.append([_text(sheet, _("Figures computed")), _text(sheet, computed)])
        sheet.append([])
        sheet.append([_text(sheet, c.label, BOLD) for c in table.columns])
        for row in table.rows:
            sheet.append(_cells(sheet, table, row))
        if table.totals:
            sheet.append(_cells(sheet, table, table.totals, BOLD))
        if table.note:
            sheet.append([])
            sheet.append([_text(sheet, table.note)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
