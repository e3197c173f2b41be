"""Spreadsheets for the import tests, made in memory: .xlsx with openpyxl, .csv as text."""

from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from customers.services.imports.columns import COLUMNS

HEADER = [column.header for column in COLUMNS]
ENGLISH_HEADER = [
    "Name",
    "Kind",
    "Phone",
    "E-mail",
    "Organisation",
    "Region",
    "Address",
    "Information source",
    "Owner",
    "First contact date",
    "Key customer",
    "Prior purchases (yuan)",
]


def row(**values) -> list:
    """A row in the template's column order: row(name="张三", phone="13800138000")."""
    return [values.get(column.field) for column in COLUMNS]


def xlsx_bytes(rows: list[list], header: list | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER if header is None else header)
    for number, values in enumerate(rows, start=2):
        sheet.append(values)
        for column, value in enumerate(values, start=1):
            if isinstance(value, str) and value.startswith("="):
                # Typed as text, as a name is, not a formula.
                sheet.cell(row=number, column=column).data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_upload(rows: list[list], header: list | None = None, name: str = "客户.xlsx"):
    return SimpleUploadedFile(name, xlsx_bytes(rows, header))


def csv_upload(
    rows: list[list], encoding: str = "utf-8-sig", header: list | None = None, name="客户.csv"
):
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADER if header is None else header)
    for values in rows:
        writer.writerow(["" if value is None else value for value in values])
    return SimpleUploadedFile(name, text.getvalue().encode(encoding))


def workbook_rows(content: bytes) -> list[tuple]:
    """Every row of a downloaded workbook's first sheet, as values."""
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [tuple(r) for r in sheet.iter_rows(values_only=True)]
