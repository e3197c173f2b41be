"""A service's refusal shown on the form the user filled (STYLE habit 1: the form
validates, the service decides, the page shows why next to the field)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _


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


# Dates a person may mean (SEC-7): date arithmetic past year 9999 overflows, so a form's
# dates are held to this range with a message rather than a server error.
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2199, 12, 31)


def date_in_range(value: dt.date) -> None:
    """A validator for DateFields: between DATE_MIN and DATE_MAX."""
    day = value.date() if isinstance(value, dt.datetime) else value
    if not DATE_MIN <= day <= DATE_MAX:
        raise ValidationError(
            _("Enter a date between %(low)s and %(high)s."),
            code="date_range",
            params={"low": DATE_MIN.isoformat(), "high": DATE_MAX.isoformat()},
        )


class ModelIdsField(forms.ModelMultipleChoiceField):
    """ModelMultipleChoiceField that refuses an id no table can hold with a message: the
    stock field passes 2**70 to `pk__in`, which SQLite cannot even compare (SEC-7)."""

    def _check_values(self, value):
        if not self.to_field_name:
            for pk in value if isinstance(value, (list, tuple, set, frozenset)) else [value]:
                if not isinstance(pk, self.queryset.model) and as_id(pk) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": str(pk)[:20]},
                    )
        return super()._check_values(value)


def next_path(request, fallback: str) -> str:
    """Where a form's `next` sends the user back to: a path on this site, else `fallback`.

    Only a path ("/…") is taken: `redirect()` reads anything else as a URL name and fails on
    it (SEC-7), and another host is never a target."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and target.isprintable()
        and len(target) <= 2000
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    ):
        return target
    return fallback
