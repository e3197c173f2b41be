"""Forms of the points and commission pages: they validate; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from crm.selectors import person_name
from crm.templatetags.crm import yuan
from performance.months import month_parse
from performance.selectors.commission import Status
from performance.selectors.points import point_items_active, points_recordable_for


def _item_label(item) -> str:
    if item.fine:
        return _("%(name)s: %(points)+d points, fine %(fine)s") % {
            "name": item.name,
            "points": item.points,
            "fine": yuan(item.fine),
        }
    return _("%(name)s: %(points)+d points") % {"name": item.name, "points": item.points}


def _person_label(user) -> str:
    team = getattr(getattr(user, "staff", None), "team", None)
    return f"{person_name(user)} · {team.name}" if team else person_name(user)


class PointEventForm(forms.Form):
    """PERF-2: an item of the catalogue, for someone the recorder leads, on a day."""

    employee = forms.ModelChoiceField(label=_("Employee"), queryset=None)
    item = forms.ModelChoiceField(label=_("Item"), queryset=None)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What happened, for the employee to read."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = points_recordable_for(user=user)
        self.fields["employee"].label_from_instance = _person_label
        self.fields["item"].queryset = point_items_active()
        self.fields["item"].label_from_instance = _item_label


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it voided?"),
        max_length=1000,
        widget=forms.TextInput(attrs={"placeholder": _("Reason")}),
    )


class MonthForm(forms.Form):
    """The month a list shows (?month=2026-11); anything else falls back to the default."""

    month = forms.CharField(required=False)

    def month_or(self, default):
        self.is_valid()
        return month_parse(self.cleaned_data.get("month")) or default


class CommissionFilterForm(MonthForm):
    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("All")),
            (Status.PAYABLE, _("To pay")),
            (Status.WITHHELD, _("Withheld")),
            (Status.PAID, _("Paid")),
        ],
    )

    def status_value(self) -> str:
        self.is_valid()
        return self.cleaned_data.get("status") or ""
