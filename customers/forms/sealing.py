"""Forms of sealed-record access (SEAL-1): they validate; the services write."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from crm.parameters import param
from crm.selectors import person_name
from customers.selectors.sealing import read_log_readers


class SealedSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Customer or serial number"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, pinyin, serial")}),
    )


class AccessRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reading"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why you need to read this record. The general manager sees this."),
        error_messages={"required": _("Say why you need to read this record.")},
    )


class AccessDecisionForm(forms.Form):
    APPROVE = "approve"
    REJECT = "reject"

    decision = forms.ChoiceField(choices=[(APPROVE, _("Approve")), (REJECT, _("Reject"))])
    # Needed for an approval only; its limit is a rule parameter, set per form.
    hours = forms.IntegerField(label=_("Hours valid"), min_value=1, required=False)
    note = forms.CharField(
        label=_("Decision note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you reject; the requester sees it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = param("seal.access_hours")
        hours = self.fields["hours"]
        hours.initial = limit
        hours.validators.append(MaxValueValidator(limit))
        hours.widget.attrs.update({"max": limit, "inputmode": "numeric"})
        hours.help_text = _("At most %(limit)s hours.") % {"limit": limit}

    @property
    def approves(self) -> bool:
        return self.cleaned_data.get("decision") == self.APPROVE

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision == self.APPROVE and data.get("hours") is None and "hours" not in self.errors:
            self.add_error("hours", _("Say for how many hours the approval is valid."))
        if decision == self.REJECT:
            self.errors.pop("hours", None)  # the hours do not matter for a rejection
            if not (data.get("note") or "").strip():
                self.add_error("note", _("Say why the request is rejected."))
        return data


class ReaderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return person_name(obj)


class ReadLogFilterForm(forms.Form):
    reader = ReaderChoiceField(
        label=_("Reader"), queryset=read_log_readers(), required=False, empty_label=_("Everyone")
    )
    date_from = forms.DateField(
        label=_("Start date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("End date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data
