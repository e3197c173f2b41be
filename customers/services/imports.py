"""Customer import from .xlsx / .csv and the logged export to .xlsx (INTAKE-8, SEAL-2, SEAL-3).

A spreadsheet's first sheet (or a CSV file) has a header row naming its columns in Chinese
or English; every other row is one customer, validated by `ImportRowForm`. Rows are
imported in chunks, each chunk in one transaction that also moves the job's counters, so
the progress page is always true and a job interrupted half way resumes where it stopped.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import itertools
import logging
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from django_q.tasks import async_task
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from crm.parameters import param
from crm.templatetags.crm import yuan
from customers.models import (
    Customer,
    CustomerKind,
    ExportLog,
    ImportJob,
    ImportStatus,
    InformationSource,
)
from customers.names import name_search_keys
from pools.models import OwnershipReason
from pools.services import ownership_set, ownership_start

logger = logging.getLogger(__name__)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Rows validated and written together: one transaction and one progress step each.
CHUNK_SIZE = 500
# The header may sit below a title row or two; it is looked for in the first rows only.
HEADER_SEARCH_ROWS = 10
# An imported customer takes its owner by first contact (POOL-1): see docs/decisions.md.
IMPORT_OWNERSHIP_REASON = OwnershipReason.FIRST_CONTACT


# --- Columns ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # the template's (Chinese) header
    # Shown on pages and in the error report; in zh-hans the same words as the header.
    label: str
    aliases: tuple[str, ...]  # other headers accepted, Chinese or English
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column(
        "name",
        "名称",
        pgettext_lazy("import column", "Name"),
        ("姓名", "客户名称", "客户姓名", "姓名/名称", "Name", "Customer name", "Customer"),
        required=True,
    ),
    Column(
        "kind",
        "类型",
        pgettext_lazy("import column", "Kind"),
        ("客户类型", "Kind", "Type", "Customer kind"),
    ),
    Column(
        "phone",
        "电话",
        pgettext_lazy("import column", "Phone"),
        (
            "手机",
            "手机号",
            "手机号码",
            "联系电话",
            "电话号码",
            "Phone",
            "Mobile",
            "Telephone",
            "Tel",
        ),
    ),
    Column(
        "email",
        "电子邮箱",
        pgettext_lazy("import column", "E-mail"),
        ("邮箱", "电子邮件", "E-mail", "Email", "Mail"),
    ),
    Column(
        "organisation",
        "单位",
        pgettext_lazy("import column", "Organisation"),
        (
            "工作单位",
            "单位名称",
            "机构名称",
            "机构",
            "公司",
            "Organisation",
            "Organization",
            "Company",
        ),
    ),
    Column(
        "region",
        "区域",
        pgettext_lazy("import column", "Region"),
        ("地区", "区域代码", "Region", "Region code"),
    ),
    Column(
        "address",
        "地址",
        pgettext_lazy("import column", "Address"),
        ("住址", "联系地址", "Address"),
    ),
    Column(
        "source",
        "信息来源",
        pgettext_lazy("import column", "Information source"),
        ("来源", "客户来源", "Information source", "Source"),
    ),
    Column(
        "owner",
        "归属人",
        pgettext_lazy("import column", "Owner"),
        ("归属人用户名", "负责人", "Owner", "Owner username", "Username"),
    ),
    Column(
        "first_contact_on",
        "首次接触日期",
        pgettext_lazy("import column", "First contact date"),
        ("首问日期", "首次接触", "First contact date", "First contact", "First contacted"),
    ),
    Column(
        "is_key_customer",
        "重点客户",
        pgettext_lazy("import column", "Key customer"),
        ("是否重点客户", "Key customer", "Key"),
    ),
    Column(
        "prior_purchases",
        "以往购买金额（元）",
        pgettext_lazy("import column", "Prior purchases (yuan)"),
        ("以往购买金额", "以往购买", "历史购买金额", "Prior purchases (yuan)", "Prior purchases"),
    ),
)
COLUMN_BY_FIELD = {column.field: column for column in COLUMNS}

# The words the template offers for choices; the import also accepts the values, their
# labels in both languages and the usual synonyms (see customers/forms/imports.py).
KIND_WORDS = {CustomerKind.PERSON: "个人", CustomerKind.ORGANISATION: "机构"}
SOURCE_WORDS = {
    InformationSource.MEDIA: ("媒体或网络", "媒体", "网络", "媒体/网络", "网络媒体"),
    InformationSource.AGENCY: ("中介机构", "中介", "代理机构"),
    InformationSource.ASSOCIATION: ("协会", "社团"),
    InformationSource.PARTNER: ("合作伙伴", "商业伙伴"),
    InformationSource.PERSONAL: ("人际关系", "个人关系", "私人关系"),
    InformationSource.EVENT: ("活动", "会销活动"),
    InformationSource.REFERRAL: ("转介绍", "推荐", "介绍"),
    InformationSource.TELESALES: ("电话销售", "电销"),
}
YES_WORD, NO_WORD = "是", "否"

_HEADER_NOISE = re.compile(r"[\s*:：]+")
_PARENTHESISED = re.compile(r"\(.*?\)")


def header_key(text: str) -> str:
    """The form in which headers are compared: width-, case- and space-insensitive."""
    return _HEADER_NOISE.sub("", unicodedata.normalize("NFKC", str(text)).casefold())


def _header_keys(text: str) -> set[str]:
    key = header_key(text)
    return {key, _PARENTHESISED.sub("", key)} - {""}


_FIELD_BY_HEADER: dict[str, str] = {}
for _column in COLUMNS:
    for _text in (_column.header, _column.field, *_column.aliases):
        for _key in _header_keys(_text):
            _FIELD_BY_HEADER.setdefault(_key, _column.field)


def field_for_header(text) -> str | None:
    if text is None:
        return None
    for key in _header_keys(str(text)):
        if key in _FIELD_BY_HEADER:
            return _FIELD_BY_HEADER[key]
    return None


# --- Reading a spreadsheet ----------------------------------------------------------------


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
                % {"columns": "、".join(str(COLUMN_BY_FIELD[name].label) for name in doubled)}
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


def spreadsheet_count_rows(*, fileobj, name: str) -> int:
    """How many customer rows the file holds (its header found, blank rows left out)."""
    with spreadsheet_open(fileobj=fileobj, name=name) as sheet:
        try:
            return sum(1 for _row in sheet.rows())
        except SpreadsheetError:
            raise
        except Exception as exc:
            raise SpreadsheetError(_("The file could not be read to the end.")) from exc


# --- Keys: the same customer found again -------------------------------------------------


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def import_key_for(*, phone: str, name: str, organisation: str) -> str:
    """A stable key for a row: its normalised phone, or its name and organisation."""
    basis = f"phone:{phone}" if phone else f"name:{_fold(name)}|org:{_fold(organisation)}"
    return hashlib.sha256(basis.encode()).hexdigest()


# --- The import ---------------------------------------------------------------------------


def import_job_start(
    *, upload, total_rows: int, by, now: dt.datetime, language: str | None = None
) -> ImportJob:
    """Save an uploaded (already validated) file as a job and import it.

    Small files are imported at once; files with more rows than
    `customer.import_background_rows` are queued for the task worker after the job is
    committed, and the job page follows their progress.
    """
    suffix = Path(upload.name).suffix.lower()
    job = ImportJob(
        original_name=Path(upload.name).name[:255], uploaded_by=by, total_rows=total_rows
    )
    upload.seek(0)
    # A random stored name: the original name (kept on the job) may be anything.
    job.file.save(f"{uuid.uuid4().hex}{suffix}", upload, save=False)
    job.save()
    if total_rows > param("customer.import_background_rows"):
        language = language or translation.get_language()
        transaction.on_commit(
            lambda: async_task("customers.tasks.import_run", job.pk, language=language)
        )
        return job
    return import_job_run(job=job, now=now)


def import_job_run(*, job: ImportJob, now: dt.datetime) -> ImportJob:
    """Import a job's rows. Safe to repeat: a finished job is left alone, and a job that
    stopped half way goes on after the last chunk it committed."""
    claimed = ImportJob.objects.filter(
        pk=job.pk, status__in=[ImportStatus.PENDING, ImportStatus.RUNNING]
    ).update(status=ImportStatus.RUNNING)
    if not claimed:
        job.refresh_from_db()
        return job
    try:
        finished = _import_rows(job_id=job.pk, now=now)
    except SpreadsheetError as exc:
        _job_fail(job_id=job.pk, message=str(exc))
    except Exception:
        # The job must never hang at "importing": say it failed, keep the traceback in logs.
        logger.exception("Import job %s failed", job.pk)
        _job_fail(job_id=job.pk, message=_("The import stopped because of an unexpected error."))
    else:
        if finished:
            ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING).update(
                status=ImportStatus.DONE, finished_at=timezone.now()
            )
    job.refresh_from_db()
    return job


def _job_fail(*, job_id: int, message: str) -> None:
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportStatus.FAILED, message=message, finished_at=timezone.now()
    )


class _Overtaken(Exception):
    """Another run of the same job got here first."""


@dataclass
class _RunState:
    job_id: int
    by: object
    now: dt.datetime
    context: dict
    # Keys, phones and customers met earlier in this file: a second row for the same
    # customer is an error, the same on every run of the file.
    seen: dict[str, int] = field(default_factory=dict)


def _import_rows(*, job_id: int, now: dt.datetime) -> bool:
    # Late imports: the row form uses this module's column vocabulary.
    from customers.forms.imports import import_row_context

    job = ImportJob.objects.select_related("uploaded_by").get(pk=job_id)
    state = _RunState(
        job_id=job.pk,
        by=job.uploaded_by,
        now=now,
        context=import_row_context(today=timezone.localdate(now)),
    )
    with (
        job.file.open("rb") as fileobj,
        spreadsheet_open(fileobj=fileobj, name=job.file.name) as sheet,
    ):
        rows = itertools.islice(sheet.rows(), job.processed_rows, None)
        start = job.processed_rows
        for chunk in itertools.batched(rows, CHUNK_SIZE):
            try:
                _import_chunk(state=state, chunk=chunk, start=start)
            except _Overtaken:
                return False
            start += len(chunk)
    ImportJob.objects.filter(pk=job_id, total_rows__lt=start).update(total_rows=start)
    return True


def _import_chunk(*, state: _RunState, chunk: tuple, start: int) -> None:
    from customers.forms.imports import ImportRowForm

    valid, errors = [], []
    for number, values in chunk:
        form = ImportRowForm(data=values, **state.context)
        if form.is_valid():
            valid.append((number, form.cleaned_data))
        else:
            errors.append(_error_entry(number, values, form.errors.get_json_data()))
    # Two writers may add the same key at once; the loser retries once, finding it then.
    for attempt in (1, 2):
        seen = dict(state.seen)
        try:
            with transaction.atomic():
                _write_chunk(
                    state=state,
                    seen=seen,
                    valid=valid,
                    errors=list(errors),
                    start=start,
                    size=len(chunk),
                )
        except IntegrityError:
            if attempt == 2:
                raise
        else:
            state.seen = seen
            return


def _error_entry(number: int, values: dict, errors: dict) -> dict:
    return {
        "row": number,
        "errors": {
            name: [str(error["message"]) for error in messages] for name, messages in errors.items()
        },
        "values": {name: cell_text(value) for name, value in values.items()},
    }


def _summary_lines(cleaned: dict) -> dict[str, str]:
    """Imported facts the customer has no field for, kept as lines of the sales summary.

    Written in the site's language, so the same file writes the same text on every run.
    """
    lines = {}
    with translation.override(settings.LANGUAGE_CODE):
        if cleaned.get("first_contact_on"):
            lines[_("First contact (imported)")] = f"{cleaned['first_contact_on']:%Y-%m-%d}"
        if cleaned.get("prior_purchases") is not None:
            lines[_("Prior purchases (imported)")] = yuan(cleaned["prior_purchases"])
    return lines


def _summary_with(summary: str, lines: dict[str, str]) -> str:
    kept = [
        line
        for line in summary.splitlines()
        if not any(line.startswith(f"{label}：") for label in lines)
    ]
    kept.extend(f"{label}：{value}" for label, value in lines.items())
    return "\n".join(kept)


# The customer fields a row may fill; an empty cell never erases what a customer has.
ROW_FIELDS = (
    "name",
    "kind",
    "phone",
    "email",
    "organisation",
    "region",
    "address",
    "source",
    "is_key_customer",
)


def _row_values(cleaned: dict) -> dict:
    return {name: cleaned[name] for name in ROW_FIELDS if cleaned.get(name) not in (None, "")}


def _write_chunk(
    *, state: _RunState, seen: dict, valid: list, errors: list, start: int, size: int
) -> None:
    job = ImportJob.objects.select_for_update().get(pk=state.job_id)
    if job.status != ImportStatus.RUNNING or job.processed_rows != start:
        raise _Overtaken
    keys, phones = set(), set()
    prepared = []
    for number, cleaned in valid:
        primary = import_key_for(
            phone=cleaned["phone"], name=cleaned["name"], organisation=cleaned["organisation"]
        )
        by_name = import_key_for(
            phone="", name=cleaned["name"], organisation=cleaned["organisation"]
        )
        keys |= {primary, by_name}
        if cleaned["phone"]:
            phones.add(cleaned["phone"])
        prepared.append((number, cleaned, primary, by_name))
    by_key, by_phone = {}, {}
    existing = (
        Customer.objects.filter(Q(import_key__in=keys) | Q(phone__in=phones))
        .select_related("ownership")
        .order_by("pk")
    )
    for customer in existing:
        if customer.import_key:
            by_key.setdefault(customer.import_key, customer)
        if customer.phone:
            by_phone.setdefault(customer.phone, customer)

    to_create, owners_of_new, to_update, owners_of_old, keyed = [], [], {}, [], []
    changed_fields: set[str] = set()
    skipped = updated = 0
    for number, cleaned, primary, by_name in prepared:
        phone = cleaned["phone"]
        match = by_key.get(primary) or (by_phone.get(phone) if phone else None)
        if match is None:
            candidate = by_key.get(by_name)
            if candidate is not None and not candidate.phone:
                match = candidate
        marks = [f"key:{primary}"] + ([f"phone:{phone}"] if phone else [])
        if match is not None:
            marks.append(f"pk:{match.pk}")
        earlier = next((seen[m] for m in marks if m in seen), None)
        if earlier is not None:
            column = "phone" if phone else "name"
            errors.append(
                _error_entry(
                    number,
                    {column: phone or cleaned["name"]},
                    {
                        column: [
                            {
                                "message": _("The same customer as row %(row)s of this file.")
                                % {"row": earlier}
                            }
                        ]
                    },
                )
            )
            continue
        for mark in marks:
            seen[mark] = number
        values = _row_values(cleaned)
        lines = _summary_lines(cleaned)
        owner = cleaned.get("owner")
        params = {"import_job": state.job_id, "row": number}
        if cleaned.get("first_contact_on"):
            params["first_contact_on"] = f"{cleaned['first_contact_on']:%Y-%m-%d}"
        if match is None:
            customer = Customer(
                created_by=state.by,
                first_collector=owner,
                import_key=primary,
                sales_summary=_summary_with("", lines),
                **{"kind": CustomerKind.PERSON, **values},
            )
            customer.name_pinyin, customer.name_initials = name_search_keys(customer.name)
            try:
                # Field checks only: the row form checked the lookups, this run the keys.
                customer.full_clean(
                    exclude=["region", "first_collector", "created_by"],
                    validate_unique=False,
                    validate_constraints=False,
                )
            except ValidationError as exc:
                reasons = {
                    name: [{"message": message} for message in messages]
                    for name, messages in exc.message_dict.items()
                }
                given = {name: value for name, value in cleaned.items() if value not in ("", None)}
                errors.append(_error_entry(number, given, reasons))
                continue
            to_create.append(customer)
            owners_of_new.append((customer, owner, params))
            by_key[primary] = customer
            continue
        changes = _changes(match, values, lines)
        if not match.import_key and primary not in by_key:
            # A customer found by phone gets the key, so the next run finds it by its key.
            match.import_key = primary
            keyed.append(match)
            by_key[primary] = match
        in_pool = getattr(getattr(match, "ownership", None), "owner_id", None) is None
        gets_owner = owner is not None and in_pool
        if not changes and not gets_owner:
            skipped += 1
            continue
        updated += 1
        if gets_owner:
            owners_of_old.append((match, owner, params))
        if changes:
            for name, value in changes.items():
                setattr(match, name, value)
            if "name" in changes:
                match.name_pinyin, match.name_initials = name_search_keys(match.name)
                changed_fields |= {"name_pinyin", "name_initials"}
            changed_fields |= set(changes)
            to_update[match.pk] = match

    reason = f"import:{state.job_id}"
    if to_create:
        bulk_create_with_history(
            to_create,
            Customer,
            batch_size=CHUNK_SIZE,
            default_user=state.by,
            default_change_reason=reason,
        )
    if to_update and changed_fields:
        bulk_update_with_history(
            list(to_update.values()),
            Customer,
            sorted(changed_fields),
            batch_size=CHUNK_SIZE,
            default_user=state.by,
            default_change_reason=reason,
        )
    if keyed:
        # Bookkeeping only: no history entry, nothing a person would call a change.
        Customer.objects.bulk_update(keyed, ["import_key"], batch_size=CHUNK_SIZE)
    ownership_start(
        customers=[customer for customer, owner, _params in owners_of_new if owner is None],
        now=state.now,
    )
    for customer, owner, params in [*owners_of_new, *owners_of_old]:
        if owner is not None:
            ownership_set(
                customer=customer,
                owner=owner,
                reason=IMPORT_OWNERSHIP_REASON,
                now=state.now,
                by=state.by,
                params=params,
            )
    job.processed_rows = start + size
    job.total_rows = max(job.total_rows, job.processed_rows)
    job.created_rows += len(to_create)
    job.updated_rows += updated
    job.skipped_rows += skipped
    job.error_rows += len(errors)
    if errors:
        job.errors = [*job.errors, *sorted(errors, key=lambda entry: entry["row"])]
    job.save(
        update_fields=[
            "processed_rows",
            "total_rows",
            "created_rows",
            "updated_rows",
            "skipped_rows",
            "error_rows",
            "errors",
        ]
    )


def _changes(customer: Customer, values: dict, lines: dict[str, str]) -> dict:
    changes = {}
    for name, value in values.items():
        if name == "phone" and customer.phone:
            continue  # a customer found by its key keeps the phone it has
        current = getattr(customer, "region_id" if name == "region" else name)
        wanted = value.pk if name == "region" else value
        if current != wanted:
            changes[name] = value
    if lines:
        summary = _summary_with(customer.sales_summary, lines)
        if summary != customer.sales_summary:
            changes["sales_summary"] = summary
    return changes


# --- Workbooks: template, error report, export --------------------------------------------


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
                    "reason": reason,
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
    return [
        customer.name,
        KIND_WORDS.get(customer.kind, customer.kind),
        customer.phone,
        customer.email,
        customer.organisation,
        customer.region.name if customer.region else "",
        customer.address,
        SOURCE_WORDS[customer.source][0] if customer.source in SOURCE_WORDS else "",
        owner.get_username() if owner else "",
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
