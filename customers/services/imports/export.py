"""The workbooks the import and export write (INTAKE-8, SEAL-2, SEAL-3): the template,
a job's error report, and the logged customer export, whose columns are the template's so
an exported file imports again.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from crm.selectors import person_name
from customers.models import (
    Customer,
    CustomerKind,
    ExportLog,
    ImportJob,
    InformationSource,
)
from customers.services.imports.columns import (
    COLUMN_BY_FIELD,
    COLUMNS,
    KIND_WORDS,
    NO_WORD,
    SOURCE_WORDS,
    YES_WORD,
)
from customers.services.imports.rows import reason_words
from pools.masking import mask_customer

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _text_cell(worksheet, value, font=None) -> WriteOnlyCell:
    """A cell that is always text: a name like "=HYPERLINK(…)" must never become a formula."""
    cell = WriteOnlyCell(worksheet, value=None if value is None else str(value))
    if value is not None:
        cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


def _workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="FDE8E9")


def import_template_workbook() -> bytes:
    """The template: a header row in Chinese, drop-down lists for the choices, and a
    second sheet explaining each column in the user's language."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "客户"
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(column.header) * 2 + 4)
        if column.field == "phone":
            # Text, so Excel keeps 13800138000 as typed instead of 1.38E+10.
            sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"
    lists = {
        "kind": [KIND_WORDS[CustomerKind.PERSON], KIND_WORDS[CustomerKind.ORGANISATION]],
        "source": [words[0] for words in SOURCE_WORDS.values()],
        "is_key_customer": [YES_WORD, NO_WORD],
    }
    for index, column in enumerate(COLUMNS, start=1):
        if column.field in lists:
            letter = get_column_letter(index)
            validation = DataValidation(
                type="list", formula1=f'"{",".join(lists[column.field])}"', allow_blank=True
            )
            validation.add(f"{letter}2:{letter}10001")
            sheet.add_data_validation(validation)

    notes = workbook.create_sheet(_("Instructions"))
    notes.append([_("Column"), _("Also accepted"), _("Required"), _("What to enter")])
    for cell in notes[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for column in COLUMNS:
        notes.append(
            [
                column.header,
                "、".join(alias for alias in column.aliases if alias != column.header),
                _("yes") if column.required else _("no"),
                str(_column_notes()[column.field]),
            ]
        )
    for letter, width in zip("ABCD", (18, 40, 10, 80), strict=True):
        notes.column_dimensions[letter].width = width
    return _workbook_bytes(workbook)


def _column_notes() -> dict[str, str]:
    sources = "、".join(
        f"{words[0]} ({InformationSource(value).label})" for value, words in SOURCE_WORDS.items()
    )
    return {
        "name": _("The person's or organisation's name."),
        "kind": _("个人 (person) or 机构 (organisation); empty means a person."),
        "phone": _(
            "A mobile number (11 digits) or a landline with its area code, e.g. 010-12345678."
        ),
        "email": _("An e-mail address."),
        "organisation": _("Where a person works, or an organisation's registered name."),
        "region": _("The code or the name of a region that exists in the CRM."),
        "address": _("The postal address."),
        "source": _("Where the company learned of the customer: %(sources)s.")
        % {"sources": sources},
        "owner": _(
            "The username of an active rep who owns the customer; empty puts the customer "
            "in the pool."
        ),
        "first_contact_on": _(
            "The day of the first contact: 2026-01-31, 2026/1/31 or an Excel date; not in "
            "the future."
        ),
        "is_key_customer": _("是 (yes) or 否 (no); empty means no."),
        "prior_purchases": _(
            "What the customer bought before, in yuan, at most two decimals; kept in the "
            "sales summary."
        ),
    }


def import_error_lines(*, job: ImportJob) -> list[dict]:
    """One line per reason: row, column (its label), the value found and the reason."""
    lines = []
    for entry in job.errors:
        for name, reasons in entry["errors"].items():
            column = COLUMN_BY_FIELD.get(name)
            lines.extend(
                {
                    "row": entry["row"],
                    "column": str(column.label) if column else "",
                    "value": entry["values"].get(name, ""),
                    "reason": reason_words(reason),
                }
                for reason in reasons
            )
    return lines


def import_error_report(*, job: ImportJob) -> bytes:
    """The rows a job could not import, as a workbook: row, column, value and reason."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Errors"))
    headers = (_("Row"), _("Column"), pgettext("import", "Value"), _("Reason"))
    sheet.append([_text_cell(sheet, text, HEADER_FONT) for text in headers])
    for line in import_error_lines(job=job):
        sheet.append(
            [
                line["row"],
                _text_cell(sheet, line["column"]),
                _text_cell(sheet, line["value"]),
                _text_cell(sheet, line["reason"]),
            ]
        )
    return _workbook_bytes(workbook)


# The export's columns: the import template's, so an exported file imports again.
EXPORT_HEADERS = (
    *(c.header for c in COLUMNS if c.field not in ("first_contact_on", "prior_purchases")),
    "创建日期",
)


def _export_row(customer: Customer) -> list:
    ownership = getattr(customer, "ownership", None)
    owner = ownership.owner if ownership is not None else None
    if owner is None:
        mask_customer(customer)  # POOL-12: a pool customer's contact details stay masked
    return [
        customer.name,
        KIND_WORDS.get(customer.kind, customer.kind),
        customer.phone,
        customer.email,
        customer.organisation,
        customer.region.name if customer.region else "",
        customer.address,
        SOURCE_WORDS[customer.source][0] if customer.source in SOURCE_WORDS else "",
        person_name(owner) if owner else "",
        YES_WORD if customer.is_key_customer else NO_WORD,
        f"{timezone.localtime(customer.created_at):%Y-%m-%d}",
    ]


@transaction.atomic
def customer_export(*, user, customers: Iterable[Customer], filters: dict) -> tuple[bytes, int]:
    """SEAL-2: write the customers to an .xlsx workbook and log the export.

    Only contact columns are written: never a survey answer, a card or a sealed record
    (SEAL-3). The caller passes customers already limited to what `user` may see.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("客户")
    sheet.append([_text_cell(sheet, header, HEADER_FONT) for header in EXPORT_HEADERS])
    count = 0
    for customer in customers:
        sheet.append([_text_cell(sheet, value) for value in _export_row(customer)])
        count += 1
    content = _workbook_bytes(workbook)
    ExportLog.objects.create(user=user, row_count=count, filters=filters)
    return content, count
