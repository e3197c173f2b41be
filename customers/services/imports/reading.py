"""Reading a spreadsheet (INTAKE-8): an .xlsx's first sheet or a CSV file, its header
found in the first rows, its rows as {field: value} by the column vocabulary.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from crm.lib.words import word_list
from customers.services.imports.columns import COLUMN_BY_FIELD, NO_WORD, YES_WORD, field_for_header

# The header may sit below a title row or two; it is looked for in the first rows only.
HEADER_SEARCH_ROWS = 10


class SpreadsheetError(Exception):
    """The file cannot be imported at all; the message says why, for the upload form."""


def spreadsheet_kind(name: str) -> str | None:
    """ "xlsx" or "csv" from a file name; None for anything else."""
    suffix = Path(name or "").suffix.lower()
    return {".xlsx": "xlsx", ".csv": "csv"}.get(suffix)


def _decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM), GB18030 (Chinese Excel's "CSV") or UTF-16 with BOM."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise SpreadsheetError(_("The CSV file is neither UTF-8 nor GB18030 text."))
    if "\x00" in text:
        raise SpreadsheetError(_("This is not a CSV text file."))
    return text


def _csv_rows(data: bytes) -> Iterator[tuple]:
    text = _decode_csv(data)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    yield from (tuple(row) for row in csv.reader(io.StringIO(text, newline=""), dialect))


def _cell(value):
    """A cell as the row form wants it: text trimmed, whole numbers without ".0"."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def cell_text(value) -> str:
    """A cell's value as text, for the error report."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES_WORD if value else NO_WORD
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() else f"{value:%Y-%m-%d}"
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    return str(value)


@dataclass
class Spreadsheet:
    """An open spreadsheet: `fields` maps each column to an import field (or None)."""

    raw_rows: Iterator[tuple]
    closer: object = None
    fields: list[str | None] = field(default_factory=list)
    header_row: int = 0
    unknown_headers: list[str] = field(default_factory=list)

    def close(self) -> None:
        if self.closer is not None:
            self.closer.close()

    def __enter__(self) -> Spreadsheet:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def rows(self) -> Iterator[tuple[int, dict]]:
        """(row number as the spreadsheet shows it, {field: value}); blank rows skipped."""
        for number, raw in enumerate(self.raw_rows, start=self.header_row + 1):
            values = {}
            for index, name in enumerate(self.fields):
                if name and index < len(raw):
                    value = _cell(raw[index])
                    if value is not None:
                        values[name] = value
            if values:
                yield number, values


def spreadsheet_open(*, fileobj, name: str) -> Spreadsheet:
    """Open an uploaded .xlsx or .csv and find its header row, or raise SpreadsheetError."""
    kind = spreadsheet_kind(name)
    fileobj.seek(0)
    if kind == "xlsx":
        if fileobj.read(4) != b"PK\x03\x04":
            raise SpreadsheetError(
                _("This is not an .xlsx workbook (an old .xls file: save it as .xlsx).")
            )
        fileobj.seek(0)
        try:
            workbook = load_workbook(fileobj, read_only=True, data_only=True)
            worksheet = workbook.worksheets[0]
            worksheet.reset_dimensions()  # some programs write a wrong sheet size
            sheet = Spreadsheet(raw_rows=worksheet.iter_rows(values_only=True), closer=workbook)
        except (zipfile.BadZipFile, KeyError, IndexError, OSError, ValueError, TypeError) as exc:
            raise SpreadsheetError(_("The .xlsx workbook could not be read.")) from exc
    elif kind == "csv":
        sheet = Spreadsheet(raw_rows=_csv_rows(fileobj.read()))
    else:
        raise SpreadsheetError(_("Upload an .xlsx workbook or a .csv file."))
    try:
        _find_header(sheet)
    except SpreadsheetError:
        sheet.close()
        raise
    except Exception as exc:  # a damaged workbook fails on its first row
        sheet.close()
        raise SpreadsheetError(_("The .xlsx workbook could not be read.")) from exc
    return sheet


def _find_header(sheet: Spreadsheet) -> None:
    for number, raw in enumerate(itertools.islice(sheet.raw_rows, HEADER_SEARCH_ROWS), 1):
        fields = [field_for_header(value) for value in raw]
        if "name" not in fields:
            continue
        named = [name for name in fields if name]
        doubled = sorted({name for name in named if named.count(name) > 1})
        if doubled:
            raise SpreadsheetError(
                _("These columns appear twice: %(columns)s.")
                % {"columns": word_list(str(COLUMN_BY_FIELD[name].label) for name in doubled)}
            )
        sheet.fields = fields
        sheet.header_row = number
        sheet.unknown_headers = [
            str(value).strip()
            for value, name in zip(raw, fields, strict=True)
            if name is None and value not in (None, "")
        ]
        return
    raise SpreadsheetError(
        _("No header row with a name column (名称 or Name) was found in the first %(rows)s rows.")
        % {"rows": HEADER_SEARCH_ROWS}
    )


def unpacked_limit() -> int:
    """The most bytes an import file may unpack to (`customer.import_max_unpacked_mb`)."""
    from crm.parameters import param  # deferred: reading is imported by the app's forms early

    return param("customer.import_max_unpacked_mb") * 1024 * 1024


def spreadsheet_unpacked_size(*, fileobj, name: str) -> int:
    """The bytes a file unpacks to: an .xlsx's members as its zip directory states them
    (read without unpacking anything, so a zip bomb costs nothing), a CSV's own size."""
    fileobj.seek(0)
    if spreadsheet_kind(name) != "xlsx":
        fileobj.seek(0, io.SEEK_END)
        size = fileobj.tell()
        fileobj.seek(0)
        return size
    try:
        with zipfile.ZipFile(fileobj) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SpreadsheetError(_("The .xlsx workbook could not be read.")) from exc
    finally:
        fileobj.seek(0)


def spreadsheet_count_rows(*, fileobj, name: str, limit: int | None = None) -> int:
    """How many customer rows the file holds (its header found, blank rows left out).

    With `limit`, reading stops after limit + 1 rows: "more than limit" is all the caller
    needs to know (the web request never reads a long file to its end)."""
    with spreadsheet_open(fileobj=fileobj, name=name) as sheet:
        try:
            rows = sheet.rows() if limit is None else itertools.islice(sheet.rows(), limit + 1)
            return sum(1 for _row in rows)
        except SpreadsheetError:
            raise
        except Exception as exc:
            raise SpreadsheetError(_("The file could not be read to the end.")) from exc
