"""Forms of the telesales pages: they validate and normalise; the services decide."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from crm.selectors import person_name
from customers.names import phone_clean
from telesales.models import CallOutcome, Grade, ITStatus, Prospect


class CallForm(forms.Form):
    """TEL-1: one call, fast. Every field may be left empty but the outcome: a call that
    does not record them all is logged anyway, as not valid, with the reason shown."""

    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    contact_surname = forms.CharField(label=_("Surname"), max_length=20, required=False)
    department = forms.CharField(label=_("Department"), max_length=100, required=False)
    title = forms.CharField(label=_("Title"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    headcount = forms.IntegerField(
        label=_("Headcount"), required=False, min_value=1, max_value=10_000_000
    )
    it_status = forms.ChoiceField(
        label=_("IT status"), required=False, choices=[("", "—"), *ITStatus.choices]
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *CallOutcome.choices])
    notes = forms.CharField(label=_("Notes"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        attrs = {
            "organisation": {"autofocus": True, "autocomplete": "off", "enterkeyhint": "next"},
            "contact_surname": {"autocomplete": "off"},
            "department": {"autocomplete": "off"},
            "title": {"autocomplete": "off"},
            "phone": {"type": "tel", "inputmode": "tel", "autocomplete": "off"},
            "headcount": {"inputmode": "numeric"},
            "notes": {"autocomplete": "off", "enterkeyhint": "send"},
        }
        for name, extra in attrs.items():
            self.fields[name].widget.attrs.update(extra)

    def focus_first_error(self) -> None:
        """After a refusal the cursor goes where the rep must correct, not back to the top."""
        wrong = next((name for name in self.fields if name in self.errors), None)
        if wrong is not None:
            self.fields["organisation"].widget.attrs.pop("autofocus", None)
            self.fields[wrong].widget.attrs["autofocus"] = True

    def clean_phone(self) -> str:
        return phone_clean(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        if not (data.get("organisation") or "").strip() and not data.get("phone"):
            raise forms.ValidationError(
                _("Enter the organisation or the phone: a call with neither cannot be found again.")
            )
        return data


class ProspectForm(forms.ModelForm):
    """The prospect's archive (TEL-4: complete it before the field rep signs)."""

    class Meta:
        model = Prospect
        fields = [
            "organisation",
            "contact_surname",
            "department",
            "title",
            "phone",
            "headcount",
            "it_status",
            "address",
            "needs",
        ]
        widgets = {"needs": forms.Textarea(attrs={"rows": 3})}

    def clean_phone(self) -> str:
        return phone_clean(self.cleaned_data["phone"])

    def clean_organisation(self) -> str:
        value = " ".join(self.cleaned_data["organisation"].split())
        if not value:
            raise forms.ValidationError(_("A prospect needs its organisation name."))
        return value


class VisitRequestForm(forms.Form):
    field_rep = forms.ModelChoiceField(label=_("Field rep"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        signs = Q(
            groups__permissions__codename="sign_prospect_visit",
            groups__permissions__content_type__app_label="telesales",
        )
        User = get_user_model()
        ids = User.objects.filter(signs).values("pk")
        self.fields["field_rep"].queryset = User.objects.filter(
            pk__in=ids, is_active=True
        ).order_by("last_name", "first_name", "username")
        self.fields["field_rep"].label_from_instance = person_name


class VisitSignForm(forms.Form):
    visited_on = forms.DateField(
        label=_("Visited on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("What you found"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("I visited this organisation and the archive is true. I sign it."),
    )


class GradeForm(forms.Form):
    grade = forms.ChoiceField(
        label=_("Grade"), required=False, choices=[("", _("Not graded")), *Grade.choices]
    )


class ReportSubmitForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Anything the supervisor should know about the day."),
    )


class CallPlanForm(forms.Form):
    target_calls = forms.IntegerField(label=_("Calls"), min_value=0, max_value=100_000)
    target_valid_calls = forms.IntegerField(label=_("Valid calls"), min_value=0, max_value=100_000)
    target_companies = forms.IntegerField(
        label=_("Companies called"), min_value=0, max_value=100_000
    )
    target_a = forms.IntegerField(label=_("A prospects"), min_value=0, max_value=10_000)
    target_b = forms.IntegerField(label=_("B prospects"), min_value=0, max_value=10_000)

    def clean(self):
        data = super().clean()
        calls, valid = data.get("target_calls"), data.get("target_valid_calls")
        if calls is not None and valid is not None and valid > calls:
            self.add_error(
                "target_valid_calls", _("Valid calls cannot be more than the calls planned.")
            )
        return data


class ReviewForm(forms.Form):
    review_comment = forms.CharField(
        label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


def parse_day(value: str | None) -> dt.date | None:
    """A date from the address (?day=2026-11-23), or None for anything else."""
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return None


def parse_month(value: str | None) -> dt.date | None:
    """The first day of a month from "2026-11", or None."""
    try:
        return dt.date.fromisoformat(f"{value}-01") if value and len(value) == 7 else None
    except ValueError:
        return None
