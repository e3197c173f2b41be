"""Forms of plans and reports: they validate and normalise only; the services decide."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from customers.models import Customer
from customers.selectors.customers import customer_search
from planning.models import VisitMethod
from planning.selectors import week_days

# The customer list of the entry form shows this many of the rep's customers at a time
# (a rep may own hundreds): a search narrows it.
CUSTOMER_CHOICES = 50


def _customer_label(customer: Customer) -> str:
    tail = customer.phone[-4:] if customer.phone else ""
    return f"{customer.name} · {tail}" if tail else customer.name


def _day_label(day: dt.date) -> str:
    return f"{formats.date_format(day, 'l')} {formats.date_format(day, 'SHORT_DATE_FORMAT')}"


class PlanEntryForm(forms.Form):
    """VISIT-9: one planned visit. Only the rep's own customers, only days of the week."""

    customer = forms.ModelChoiceField(
        label=_("Customer"), queryset=Customer.objects.none(), empty_label=_("Choose a customer")
    )
    planned_on = forms.TypedChoiceField(label=_("Day"), coerce=dt.date.fromisoformat, choices=())
    method = forms.ChoiceField(label=_("Visit method"), choices=VisitMethod.choices)
    purpose = forms.CharField(
        label=_("Visit purpose"),
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. ask how the product works for her")}),
    )

    def __init__(self, *args, rep, week_start: dt.date, q: str = "", keep=None, **kwargs):
        super().__init__(*args, **kwargs)
        own = Customer.objects.filter(ownership__owner=rep)
        shown = list(
            customer_search(qs=own, q=q)
            .order_by("name", "pk")
            .values_list("pk", flat=True)[:CUSTOMER_CHOICES]
        )
        chosen = self.data.get(self.add_prefix("customer")) if self.is_bound else keep
        if chosen and str(chosen).isdigit():
            shown.append(int(chosen))
        field = self.fields["customer"]
        field.queryset = own.filter(pk__in=shown).order_by("name", "pk")
        field.label_from_instance = _customer_label
        self.fields["planned_on"].choices = [
            (day.isoformat(), _day_label(day)) for day in week_days(week_start)
        ]


class DecisionForm(forms.Form):
    """VISIT-9: the sales manager's comment (required to return a schedule)."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you return the schedule: say what to change."),
    )


class WeeklyReportForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary of the week"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    problems = forms.CharField(
        label=_("Problems met"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_focus = forms.CharField(
        label=_("Next week's focus"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DailyReportForm(forms.Form):
    note = forms.CharField(
        label=_("Note on the day"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A few words: what went well, what needs help."),
    )


class ReviewForm(forms.Form):
    guidance = forms.CharField(
        label=_("Guidance"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class TargetForm(forms.Form):
    """REPORT-1: a rep's monthly targets."""

    new_customers = forms.IntegerField(label=_("New customers"), min_value=0, max_value=100000)
    sales_amount = forms.DecimalField(
        label=_("Confirmed sales (yuan)"),
        min_value=Decimal("0"),
        max_digits=14,
        decimal_places=2,
    )
    visits = forms.IntegerField(label=_("Visits done"), min_value=0, max_value=100000)


class MonthForm(forms.Form):
    """A month picked as YYYY-MM; anything else means this month."""

    month = forms.CharField(required=False, max_length=7)

    def month_or(self, default: dt.date) -> dt.date:
        if self.is_valid():
            try:
                return dt.date.fromisoformat(f"{self.cleaned_data['month']}-01")
            except ValueError:
                pass
        return default
