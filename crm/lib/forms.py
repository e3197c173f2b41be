"""A service's refusal shown on the form the user filled (STYLE habit 1: the form
validates, the service decides, the page shows why next to the field)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def errors_onto(form: forms.BaseForm, exc: ValidationError, *others: forms.BaseForm) -> None:
    """Put `exc` next to the fields it names, on the first of `form`, `others` holding the
    field; what names no field (or a plain message) goes on top of `form`."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        holder = next((f for f in (*others, form) if name in f.fields), None)
        if holder is None:
            form.add_error(None, errors)
        else:
            holder.add_error(name, errors)


# The largest id any table can hold (a 64-bit integer): SQLite cannot even compare with a
# larger number (OverflowError), so a bigger "id" from a request is no id at all (SEC-7).
ID_MAX = 2**63 - 1
# What a 32-bit integer column (IntegerField, PositiveIntegerField) holds on PostgreSQL.
INT32_MAX = 2**31 - 1


def as_id(value) -> int | None:
    """A request's value as a record id: a positive integer a table can hold, else None."""
    text = str(value if value is not None else "").strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 0 < number <= ID_MAX else None
