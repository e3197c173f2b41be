"""Forms for customer import and export: the upload, one spreadsheet row, the export filters.

Every imported row goes through `ImportRowForm`, so a row is checked exactly as a person
typing it would be: the reasons shown in the error report are the form's messages.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from openpyxl.utils.datetime import from_excel

from crm.models import Region
from crm.parameters import param
from crm.selectors import person_name
from customers.models import CustomerKind, InformationSource
from customers.names import phone_clean
from customers.selectors.customers import OWNER_MINE, OWNER_POOL
from customers.selectors.imports import import_owner_candidates, import_regions
from customers.services.imports.columns import (
    COLUMN_BY_FIELD,
    KIND_WORDS,
    NO_WORD,
    SOURCE_WORDS,
    YES_WORD,
    header_key,
)
from customers.services.imports.reading import (
    SpreadsheetError,
    spreadsheet_count_rows,
    spreadsheet_kind,
    spreadsheet_unpacked_size,
    unpacked_limit,
)

DATE_FORMATS = [
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%Y年%m月%d日",
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M",
]
YES_WORDS = {header_key(w) for w in (YES_WORD, "yes", "y", "true", "1", "√", "✓", "重点", "是的")}
NO_WORDS = {header_key(w) for w in (NO_WORD, "no", "n", "false", "0", "不是", "非")}
KIND_SYNONYMS = {
    CustomerKind.PERSON: (KIND_WORDS[CustomerKind.PERSON], "个体", "个人客户"),
    CustomerKind.ORGANISATION: (
        KIND_WORDS[CustomerKind.ORGANISATION],
        *("单位", "公司", "企业", "组织", "组织机构", "机构客户", "organization"),
    ),
}
MONEY_NOISE = re.compile(r"[\s¥￥,，元]")


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        widget=forms.FileInput(
            attrs={
                "accept": ".xlsx,.csv,application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet,text/csv"
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "An .xlsx workbook or a .csv file (UTF-8 or GB18030) of at most %(mb)s MB, with a "
            "header row; column names in Chinese or English."
        ) % {"mb": self.max_mb}

    @property
    def max_mb(self) -> int:
        return param("customer.document_max_mb")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if spreadsheet_kind(upload.name) is None:
            raise ValidationError(_("Upload an .xlsx workbook or a .csv file."), code="type")
        if upload.size > self.max_mb * 1024 * 1024:
            raise ValidationError(
                _("The file is larger than %(mb)s MB."), code="size", params={"mb": self.max_mb}
            )
        # The request reads no more than the first rows (issue 13, item 6): a file longer
        # than `customer.import_background_rows` is counted, limited and imported by the
        # worker; its unpacked size is checked here from the zip directory alone.
        inline = param("customer.import_background_rows")
        try:
            if spreadsheet_unpacked_size(fileobj=upload, name=upload.name) > unpacked_limit():
                raise ValidationError(
                    _("The file unpacks to more than %(mb)s MB."),
                    code="unpacked",
                    params={"mb": param("customer.import_max_unpacked_mb")},
                )
            rows = spreadsheet_count_rows(fileobj=upload, name=upload.name, limit=inline)
        except SpreadsheetError as exc:
            raise ValidationError(str(exc), code="unreadable") from exc
        if rows == 0:
            raise ValidationError(_("The file has a header row but no customers."), code="empty")
        self.total_rows = rows if rows <= inline else None  # None: the worker counts them
        return upload


class WordChoiceField(forms.CharField):
    """A choice typed as a word: the value, its label in either language, or a synonym."""

    default_error_messages = {
        "invalid_choice": _("“%(value)s” is not one of: %(accepted)s."),
    }

    def __init__(self, *, words: dict[str, str] | None = None, accepted: str = "", **kwargs):
        super().__init__(**kwargs)
        self.words = words or {}
        self.accepted = accepted

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return ""
        key = header_key(text)
        if key in self.words:
            return self.words[key]
        raise ValidationError(
            self.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": text, "accepted": self.accepted},
        )


class YesNoField(forms.Field):
    """是/否, yes/no, true/false, 1/0 or a spreadsheet's TRUE/FALSE; empty is None."""

    default_error_messages = {"invalid": _("Write 是 or 否 (yes or no).")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, bool):
            return value
        text = header_key(str(value))
        if text in YES_WORDS:
            return True
        if text in NO_WORDS:
            return False
        raise ValidationError(self.error_messages["invalid"], code="invalid")


class SpreadsheetDateField(forms.DateField):
    """A date typed as text (2026-01-31, 2026/1/31, 2026年1月31日) or an Excel date cell."""

    def to_python(self, value):
        if isinstance(value, bool):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if isinstance(value, int | float):
            # An Excel date whose cell lost its date format: days since 1899-12-30.
            try:
                value = from_excel(value)
            except (ValueError, OverflowError, TypeError) as exc:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from exc
        return super().to_python(value)


class AmountField(forms.DecimalField):
    """Yuan as typed in Chinese spreadsheets: "¥12,345.60", "12345.6元"."""

    def to_python(self, value):
        if isinstance(value, bool):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if isinstance(value, str):
            value = MONEY_NOISE.sub("", value)
        elif isinstance(value, float):
            value = repr(value)
        return super().to_python(value)


MASKABLE = ("phone", "email", "address")


class ImportRowForm(forms.Form):
    """One spreadsheet row. Lookups (regions, owners) come prepared, one query per import."""

    name = forms.CharField(label=COLUMN_BY_FIELD["name"].label, max_length=100)
    kind = WordChoiceField(label=COLUMN_BY_FIELD["kind"].label, required=False)
    phone = forms.CharField(label=COLUMN_BY_FIELD["phone"].label, required=False, max_length=40)
    email = forms.EmailField(label=COLUMN_BY_FIELD["email"].label, required=False)
    organisation = forms.CharField(
        label=COLUMN_BY_FIELD["organisation"].label, required=False, max_length=200
    )
    region = forms.CharField(label=COLUMN_BY_FIELD["region"].label, required=False, max_length=100)
    address = forms.CharField(
        label=COLUMN_BY_FIELD["address"].label, required=False, max_length=300
    )
    source = WordChoiceField(label=COLUMN_BY_FIELD["source"].label, required=False)
    owner = forms.CharField(label=COLUMN_BY_FIELD["owner"].label, required=False, max_length=150)
    first_contact_on = SpreadsheetDateField(
        label=COLUMN_BY_FIELD["first_contact_on"].label, required=False, input_formats=DATE_FORMATS
    )
    is_key_customer = YesNoField(label=COLUMN_BY_FIELD["is_key_customer"].label, required=False)
    prior_purchases = AmountField(
        label=COLUMN_BY_FIELD["prior_purchases"].label,
        required=False,
        min_value=Decimal("0"),
        max_digits=14,
        decimal_places=2,
    )

    def __init__(
        self,
        *args,
        today: dt.date,
        regions_by_code: dict,
        regions_by_name: dict,
        owners: dict,
        kinds: dict,
        sources: dict,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        # POOL-12: an export masks a pool customer's phone, e-mail and address ("138****8002");
        # such a cell reads as empty, which erases nothing, so the file imports again.
        self.data = {
            name: "" if name in MASKABLE and "***" in str(value or "") else value
            for name, value in self.data.items()
        }
        self.today = today
        self.regions_by_code = regions_by_code
        self.regions_by_name = regions_by_name
        self.owners = owners
        self.fields["kind"].words = kinds
        self.fields["kind"].accepted = "、".join(KIND_WORDS.values())
        self.fields["source"].words = sources
        self.fields["source"].accepted = "、".join(words[0] for words in SOURCE_WORDS.values())

    def clean_phone(self) -> str:
        return phone_clean(self.cleaned_data["phone"])

    def clean_region(self) -> Region | None:
        text = self.cleaned_data["region"]
        if not text:
            return None
        region = self.regions_by_code.get(text.casefold())
        if region is not None:
            return region
        named = self.regions_by_name.get(header_key(text), [])
        if len(named) == 1:
            return named[0]
        if named:
            raise ValidationError(
                _("Several regions are called “%(value)s”: write the region's code."),
                code="ambiguous",
                params={"value": text},
            )
        raise ValidationError(
            _("No region has the code or name “%(value)s”."),
            code="unknown",
            params={"value": text},
        )

    def clean_owner(self):
        username = self.cleaned_data["owner"]
        if not username:
            return None
        owner = self.owners.get(username) or self.owners.get(username.casefold())
        if owner is None:
            raise ValidationError(
                _("“%(value)s” is not the username of an active rep."),
                code="unknown",
                params={"value": username},
            )
        return owner

    def clean_first_contact_on(self):
        value = self.cleaned_data["first_contact_on"]
        if value and value > self.today:
            raise ValidationError(_("The first contact date is in the future."), code="future")
        return value


def _word_map(words_by_value: dict, labels) -> dict[str, str]:
    """Normalised word → stored value: values, labels in zh-hans and English, synonyms."""
    mapping = {}
    for value, words in words_by_value.items():
        for word in (value, *words):
            mapping[header_key(word)] = value
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for value, label in labels:
                mapping.setdefault(header_key(str(label)), value)
    return mapping


def import_row_context(*, today: dt.date) -> dict:
    """What every `ImportRowForm` of one import needs, loaded once."""
    by_code, by_name = {}, defaultdict(list)
    for region in import_regions():
        by_code[region.code.casefold()] = region
        by_name[header_key(region.name)].append(region)
    owners = {}
    candidates = list(import_owner_candidates())
    folded = defaultdict(list)
    for user in candidates:
        owners[user.get_username()] = user
        folded[user.get_username().casefold()].append(user)
    for name, users in folded.items():
        if len(users) == 1:
            owners.setdefault(name, users[0])
    # The export writes the owner's name (张伟): a name that is one rep's finds that rep, so
    # an exported file imports again; a name two reps share finds nobody.
    people_by_name = defaultdict(list)
    for user in candidates:
        people_by_name[person_name(user)].append(user)
    for name, users in people_by_name.items():
        if len(users) == 1:
            owners.setdefault(name, users[0])
    return {
        "today": today,
        "regions_by_code": by_code,
        "regions_by_name": dict(by_name),
        "owners": owners,
        "kinds": _word_map(KIND_SYNONYMS, CustomerKind.choices),
        "sources": _word_map(SOURCE_WORDS, InformationSource.choices),
    }


class CustomerExportFilterForm(forms.Form):
    """The customer list's filters, for the export (SEAL-2). Unlike the list, a value that is
    not valid is refused: an export must never hold more than the user asked for."""

    q = forms.CharField(required=False, max_length=100)
    kind = forms.ChoiceField(required=False, choices=[("", ""), *CustomerKind.choices])
    region = forms.CharField(required=False, max_length=40)
    source = forms.ChoiceField(required=False, choices=[("", ""), *InformationSource.choices])
    key = forms.BooleanField(required=False)
    owner = forms.ChoiceField(
        required=False, choices=[("", ""), (OWNER_MINE, ""), (OWNER_POOL, "")]
    )

    def clean_region(self) -> Region | None:
        value = self.cleaned_data["region"].strip()
        if not value:
            return None
        lookup = {"pk": int(value)} if value.isdigit() else {"code": value}
        region = Region.objects.filter(**lookup).first()
        if region is None:
            raise ValidationError(_("No such region."), code="unknown")
        return region

    def logged_filters(self) -> dict:
        """The filters as the export log keeps them: only those given, regions by code."""
        data = {name: value for name, value in self.cleaned_data.items() if value}
        if data.get("region") is not None:
            data["region"] = data["region"].code
        return data
