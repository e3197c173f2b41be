"""Forms of the deals app: they only validate (services write)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MinValueValidator
from django.db.models import Q
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import gettext_lazy as _

from crm.selectors import person_name
from deals.models import CreditGrade, DealStatus, PaymentMethod

MONEY_MIN = MinValueValidator(Decimal("0.01"), message=_("Enter an amount greater than zero."))


class DealForm(forms.Form):
    rep = forms.ModelChoiceField(
        label=_("Closed by"),
        queryset=get_user_model().objects.none(),
        help_text=_(
            "The rep who closed the deal; on the first confirmed payment they become the owner."
        ),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rep"].queryset = (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(
                Q(groups__permissions__codename="add_deal")
                | Q(user_permissions__codename="add_deal")
            )
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["rep"].label_from_instance = person_name


class DealLineForm(forms.Form):
    product = forms.CharField(label=_("Product"), max_length=200)
    quantity = forms.IntegerField(
        label=_("Quantity"),
        min_value=1,
        # SEC-7: what the quantity column holds on every database, far above any order.
        max_value=1_000_000,
        error_messages={"min_value": _("Enter a quantity of at least 1.")},
    )
    unit_price = forms.DecimalField(
        label=_("Unit price (yuan)"), max_digits=14, decimal_places=2, validators=[MONEY_MIN]
    )

    def __init__(self, *args, optional: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # A line beyond the first may stay empty: not marked required; filled in part, it
        # needs its other fields (`clean`).
        self.optional = optional
        if optional:
            for field in self.fields.values():
                field.required = False

    def clean(self):
        data = super().clean()
        if self.optional and any(data.get(name) not in (None, "") for name in self.fields):
            for name, field in self.fields.items():
                if data.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, field.error_messages["required"])
        qty, price = data.get("quantity"), data.get("unit_price")
        if qty and price and qty * price >= Decimal("1e12"):
            self.add_error("unit_price", _("The line amount is too large."))
        return data


class BaseDealLineFormSet(BaseFormSet):
    """The first `min_num` lines are required; the others are optional (shown unmarked)."""

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is not None and index >= self.min_num:
            kwargs["optional"] = True
        return kwargs


DealLineFormSet = formset_factory(
    DealLineForm,
    formset=BaseDealLineFormSet,
    extra=1,
    min_num=1,
    validate_min=True,
    max_num=50,
    validate_max=True,
    absolute_max=50,  # SEC-7: a posted TOTAL_FORMS past 50 builds 50 forms, not 1,050
)


class PaymentForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount (yuan)"), max_digits=14, decimal_places=2, validators=[MONEY_MIN]
    )
    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    method = forms.ChoiceField(label=_("Method"), choices=PaymentMethod.choices)

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if self.today and day > self.today:
            raise forms.ValidationError(_("A payment cannot be received in the future."))
        return day


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.TextInput(), strip=True
    )


class CreditOverrideForm(forms.Form):
    grade = forms.ChoiceField(
        label=_("Credit grade"),
        choices=[("", _("Computed grade (no override)")), *CreditGrade.choices],
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CreditReviewForm(forms.Form):
    grade = forms.ChoiceField(label=_("Credit grade confirmed"), choices=CreditGrade.choices)
    note = forms.CharField(
        label=_("Visit note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DealFilterForm(forms.Form):
    """The deals list's search and filters (WORK-2). A value that is not valid is ignored."""

    q = forms.CharField(
        label=_("Customer"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Name, phone or pinyin"),
                "autocomplete": "off",
            }
        ),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Open and cancelled")), *DealStatus.choices],
    )
    show = forms.ChoiceField(
        label=_("Payments"),
        required=False,
        choices=[
            ("", _("Any")),
            ("owing", _("With an unpaid balance")),
            ("pending", _("With payments to confirm")),
        ],
    )
    rep = forms.ModelChoiceField(
        label=_("Closed by"),
        required=False,
        queryset=get_user_model().objects.none(),
        empty_label=_("Anyone"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reps = (
            get_user_model().objects.filter(is_active=True, deals_closed__isnull=False).distinct()
        )
        self.fields["rep"].queryset = reps.order_by("last_name", "first_name", "pk")
        self.fields["rep"].label_from_instance = person_name

    def filters(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "q": data.get("q") or "",
            "status": data.get("status") or "",
            "show": data.get("show") or "",
            "rep": data.get("rep"),
        }
