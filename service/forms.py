"""Forms of the service pages: they validate and normalise; the services decide."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from crm.lib.forms import ModelIdsField, date_in_range
from crm.selectors import person_name
from customers.names import phone_clean
from service.models import (
    ApologyMethod,
    CaseChannel,
    CaseKind,
    ComplaintCause,
    ComplaintState,
    Department,
    FeedbackAbout,
    FeedbackRating,
    FeedbackTag,
    QualityResult,
)

NO_ANSWER = _("Write the answer given to the customer: a case is closed only with its answer.")


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _rows(n: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": n})


def _product_input() -> forms.TextInput:
    return forms.TextInput(attrs={"list": "service-products", "autocomplete": "off"})


def _staff():
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(staff__status="left")
        .order_by("last_name", "first_name", "username")
    )


class CaseLogForm(forms.Form):
    """SVC-1: log what a customer called, came or wrote about, fast, on a phone."""

    channel = forms.ChoiceField(
        label=_("How they reached us"),
        choices=CaseChannel.choices,
        initial=CaseChannel.PHONE,
        widget=forms.RadioSelect,
    )
    kind = forms.ChoiceField(
        label=_("What it is"),
        choices=CaseKind.choices,
        initial=CaseKind.QUESTION,
        widget=forms.RadioSelect,
    )
    customer_query = forms.CharField(
        label=_("Find the customer"),
        required=False,
        max_length=100,
        help_text=_("Name, phone or pinyin of a customer you may see."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    # Chosen among the search results (radio buttons the template draws).
    customer = forms.ModelChoiceField(queryset=None, required=False, widget=forms.HiddenInput)
    caller_name = forms.CharField(label=_("Caller's name"), required=False, max_length=100)
    caller_phone = forms.CharField(
        label=_("Caller's phone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    subject = forms.CharField(
        label=_("What it is about"),
        max_length=200,
        error_messages={"required": _("Write in a few words what the case is about.")},
    )
    description = forms.CharField(
        label=_("What the customer said"), required=False, max_length=5000, widget=_rows(3)
    )
    product = forms.CharField(
        label=_("Product"), required=False, max_length=200, widget=_product_input()
    )
    answer = forms.CharField(
        label=_("Answered on the spot"),
        required=False,
        max_length=5000,
        widget=_rows(2),
        help_text=_("If you answered at once, write the answer: the case is closed with it."),
    )

    def __init__(self, *args, customers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = customers

    def clean_caller_phone(self) -> str:
        return phone_clean(self.cleaned_data.get("caller_phone") or "")

    def clean(self):
        data = super().clean()
        named = (data.get("caller_name") or "").strip() and data.get("caller_phone")
        if data.get("customer") is None and "caller_phone" not in self.errors and not named:
            self.add_error(
                "caller_name", _("Choose the customer, or enter the caller's name and phone.")
            )
        return data


class CaseAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer given to the customer"),
        max_length=5000,
        widget=_rows(3),
        error_messages={"required": NO_ANSWER},
    )


class CaseRouteForm(forms.Form):
    """SVC-1: route a case that cannot be solved on the spot."""

    department = forms.ModelChoiceField(
        label=_("Route to"),
        queryset=Department.objects.filter(is_active=True),
        empty_label=_("Choose a department"),
        error_messages={"required": _("Choose an active department.")},
    )
    expected_on = forms.DateField(
        label=_("Answer promised by"),
        widget=_date_input(),
        error_messages={"required": _("Give the date the customer was told.")},
    )
    reason = forms.CharField(
        label=_("Why it could not be solved on the spot"),
        max_length=2000,
        widget=_rows(2),
        error_messages={"required": _("Write why it could not be solved on the spot.")},
    )
    customer_told = forms.BooleanField(
        label=_("I told the customer why, and by when they will have the answer"),
        error_messages={
            "required": _("Tell the customer why and by when before routing the case.")
        },
    )


# Complaints -------------------------------------------------------------------


class ComplaintOpenForm(forms.Form):
    cause = forms.ChoiceField(
        label=_("Caused by"), choices=ComplaintCause.choices, widget=forms.RadioSelect
    )
    product = forms.CharField(
        label=_("Product"),
        required=False,
        max_length=200,
        widget=_product_input(),
        help_text=_("Required when a product caused the complaint."),
    )
    employee = forms.ModelChoiceField(
        label=_("Employee complained about"),
        queryset=None,
        required=False,
        help_text=_("When a person caused it, if the customer named them."),
    )
    description = forms.CharField(label=_("What happened"), max_length=5000, widget=_rows(4))
    demand = forms.CharField(
        label=_("What the customer asks for"), required=False, max_length=2000, widget=_rows(2)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = _staff()
        self.fields["employee"].label_from_instance = person_name

    def clean(self):
        data = super().clean()
        if data.get("cause") == ComplaintCause.PRODUCT and not (data.get("product") or "").strip():
            self.add_error("product", _("Name the product complained about."))
        return data


class QualityTestForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Result"), choices=QualityResult.choices, widget=forms.RadioSelect
    )
    findings = forms.CharField(label=_("Findings"), max_length=5000, widget=_rows(3))


class CompensationForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount (yuan)"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
        help_text=_("0 when the remake is the whole compensation."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=_rows(2))


class RemakeForm(forms.Form):
    done_on = forms.DateField(label=_("Remade on"), widget=_date_input())
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=_rows(2))


class VerificationForm(forms.Form):
    confirmed = forms.TypedChoiceField(
        label=_("Does the complaint hold?"),
        choices=[("yes", _("Yes, confirmed")), ("no", _("No, not confirmed"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    finding = forms.CharField(label=_("Finding"), max_length=5000, widget=_rows(3))


class DisciplineForm(forms.Form):
    employee = forms.ModelChoiceField(label=_("Employee"), queryset=None)
    measure = forms.CharField(label=_("Measure"), max_length=2000, widget=_rows(2))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = _staff()
        self.fields["employee"].label_from_instance = person_name


class ApologyForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How"), choices=ApologyMethod.choices, widget=forms.RadioSelect
    )
    apologised_on = forms.DateField(label=_("When"), widget=_date_input())
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=_rows(2))


class ComplaintCloseForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome told to the customer"),
        max_length=5000,
        widget=_rows(3),
        help_text=_("It also answers the case, if it is still open."),
    )


class ComplaintFilterForm(forms.Form):
    waiting = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("All complaints")), ("me", _("Waiting for me"))],
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Any state")), *ComplaintState.choices],
    )
    cause = forms.ChoiceField(
        label=_("Caused by"),
        required=False,
        choices=[("", _("Any cause")), *ComplaintCause.choices],
    )

    def filters(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {k: data.get(k) or "" for k in ("waiting", "state", "cause")}


# Feedback and improvement reports (SVC-2) --------------------------------------------


class FeedbackForm(forms.Form):
    about = forms.ChoiceField(
        label=_("About"),
        choices=FeedbackAbout.choices,
        initial=FeedbackAbout.PRODUCT,
        widget=forms.RadioSelect,
    )
    product = forms.CharField(
        label=_("Product"),
        required=False,
        max_length=200,
        widget=_product_input(),
        help_text=_("Required for feedback on a product."),
    )
    rating = forms.ChoiceField(
        label=_("Good or bad"), choices=FeedbackRating.choices, widget=forms.RadioSelect
    )
    tags = ModelIdsField(
        label=_("Tags"),
        queryset=FeedbackTag.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    text = forms.CharField(label=_("What the customer said"), max_length=5000, widget=_rows(3))

    def clean(self):
        data = super().clean()
        if data.get("about") == FeedbackAbout.PRODUCT and not (data.get("product") or "").strip():
            self.add_error("product", _("Name the product the feedback is about."))
        return data


class FeedbackFilterForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("Good or bad"),
        required=False,
        choices=[("", _("Good and bad")), *FeedbackRating.choices],
    )
    about = forms.ChoiceField(
        label=_("About"), required=False, choices=[("", _("Anything")), *FeedbackAbout.choices]
    )
    tag = forms.ModelChoiceField(
        label=_("Tag"),
        required=False,
        queryset=FeedbackTag.objects.all(),
        empty_label=_("Any tag"),
    )

    def filters(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "rating": data.get("rating") or "",
            "about": data.get("about") or "",
            "tag": data.get("tag"),
        }


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=_date_input(), validators=[date_in_range])
    end = forms.DateField(label=_("To"), widget=_date_input(), validators=[date_in_range])

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The period ends before it starts."))
        return data


class ImprovementReportForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Findings"),
        max_length=10000,
        widget=_rows(5),
        help_text=_("What the bad points and complaints of the period show, and why."),
    )


class ActionForm(forms.Form):
    text = forms.CharField(label=_("Improvement action"), required=False, max_length=500)
    department = forms.ModelChoiceField(
        label=_("Responsible department"),
        queryset=Department.objects.filter(is_active=True),
        required=False,
        empty_label=_("Choose a department"),
    )
    due_on = forms.DateField(label=_("Due"), required=False, widget=_date_input())


# SEC-7: a posted TOTAL_FORMS past 20 builds 20 forms and says so (Django's default would
# build up to 1,020 of them, each with its department list, seconds of a request).
ActionFormSet = forms.formset_factory(
    ActionForm, extra=3, max_num=20, validate_max=True, absolute_max=20
)
