"""The form of the token page: a name and how many days the token works."""

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_DAYS = 366


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What uses it, e.g. “my spreadsheet” or “WeCom bot”."),
    )
    days = forms.IntegerField(
        label=_("Works for (days)"),
        min_value=1,
        max_value=MAX_DAYS,
        error_messages={
            "min_value": _("A token works for at least one day."),
            "max_value": _("A token works for at most a year; make a new one then."),
        },
    )
