"""Forms of the survey pages: they validate and normalise, the services write."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crm.models import Region
from crm.selectors import person_name
from customers.models import (
    Customer,
    InformationSource,
    PaperForm,
    Question,
    QuestionKind,
    Survey,
)
from customers.names import phone_clean
from customers.selectors.surveys import (
    assignment_candidates,
    campaigns_active,
    survey_templates_active,
)

NEW, EXISTING = "new", "existing"


class SurveyForm(forms.Form):
    """What the collector says about the survey itself, and whose it is."""

    template = forms.ModelChoiceField(
        label=_("Survey template"), queryset=None, widget=forms.HiddenInput
    )
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=None)
    customer_mode = forms.ChoiceField(
        label=_("Customer"),
        choices=[(NEW, _("A new customer")), (EXISTING, _("An existing customer"))],
        widget=forms.RadioSelect(attrs={"class": "choices"}),
        initial=NEW,
    )
    customer_query = forms.CharField(
        label=_("Find the customer"),
        required=False,
        max_length=100,
        help_text=_("Name, phone or pinyin of one of your customers or a pool customer."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    customer = forms.ModelChoiceField(
        label=_("Existing customer"), queryset=None, required=False, widget=forms.HiddenInput
    )
    filled_on_behalf = forms.BooleanField(
        label=_("I filled the answers in on the customer's behalf"), required=False
    )
    paper_serial = forms.CharField(
        label=_("Paper form serial number"),
        required=False,
        max_length=40,
        help_text=_("Only when the survey was filled on a company paper form."),
    )
    signed = forms.BooleanField(label=_("I collected this survey"))

    def __init__(self, *args, collector, customers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = survey_templates_active()
        self.fields["campaign"].queryset = campaigns_active()
        # INTAKE-2: surveys are collected under a campaign, when the company runs any.
        self.fields["campaign"].required = campaigns_active().exists()
        self.fields["customer"].queryset = customers
        self.fields["signed"].label = _("I, %(name)s, collected this survey and sign it.") % {
            "name": person_name(collector)
        }
        self.fields["signed"].error_messages["required"] = _(
            "Tick to sign: a survey is only submitted signed by its collector."
        )

    def clean_paper_serial(self) -> str:
        serial = "".join(self.cleaned_data["paper_serial"].split()).upper()
        if serial and Survey.objects.filter(paper_serial=serial).exists():
            raise forms.ValidationError(
                _("A survey with this paper form serial number already exists."),
                code="serial_taken",
            )
        if serial and not PaperForm.objects.filter(serial=serial).exists():
            # INTAKE-7: only forms the company printed are entered (a copy's serial is
            # taken, a home-made form's was never printed).
            raise forms.ValidationError(
                _("No blank form with this serial number was printed by the company."),
                code="serial_unknown",
            )
        return serial

    def clean(self):
        data = super().clean()
        if data.get("customer_mode") == EXISTING and not data.get("customer"):
            if "customer" in self.errors:
                return data
            message = (
                _("Choose the customer from the list below.")
                if data.get("customer_query")
                else _("Search for the customer and choose them, or enter a new customer.")
            )
            self.add_error("customer_query", message)
        return data


class NewCustomerForm(forms.ModelForm):
    """A new customer met by the collector (INTAKE-8: where they came from)."""

    class Meta:
        model = Customer
        fields = ["name", "phone", "organisation", "region", "address", "source"]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "inputmode": "tel"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Customer name")
        self.fields["phone"].required = True
        self.fields["source"].required = True
        self.fields["source"].choices = [("", _("Choose a source")), *InformationSource.choices]
        region = self.fields["region"]
        region.queryset = Region.objects.select_related("parent").order_by("code")
        region.empty_label = _("Choose a region")
        region.label_from_instance = lambda r: f"{r.parent.name} · {r.name}" if r.parent else r.name

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter the customer's name."), code="required")
        return name

    def clean_phone(self) -> str:
        return phone_clean(self.cleaned_data["phone"])


class AnswersForm(forms.Form):
    """One field per question of the template, with the widget its kind needs (INTAKE-3)."""

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = {f"q{q.pk}": q for q in questions}
        for name, question in self.questions.items():
            self.fields[name] = self._field_for(question)

    @staticmethod
    def _field_for(question: Question) -> forms.Field:
        common = {"label": question.label, "required": question.required}
        choices = [(c.pk, c.label) for c in question.choices.all()]
        match question.kind:
            case QuestionKind.NUMBER:
                return forms.DecimalField(
                    max_digits=12,
                    decimal_places=2,
                    widget=forms.NumberInput(attrs={"inputmode": "decimal"}),
                    **common,
                )
            case QuestionKind.DATE:
                return forms.DateField(
                    widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}), **common
                )
            case QuestionKind.YES_NO:
                return forms.TypedChoiceField(
                    choices=[
                        ("yes", pgettext_lazy("answer", "Yes")),
                        ("no", pgettext_lazy("answer", "No")),
                    ],
                    coerce=lambda value: value == "yes",
                    empty_value=None,
                    widget=forms.RadioSelect(attrs={"class": "choices choices-inline"}),
                    **common,
                )
            case QuestionKind.SINGLE:
                return forms.TypedChoiceField(
                    choices=choices,
                    coerce=int,
                    empty_value=None,
                    widget=forms.RadioSelect(attrs={"class": "choices"}),
                    **common,
                )
            case QuestionKind.MULTIPLE:
                return forms.TypedMultipleChoiceField(
                    choices=choices,
                    coerce=int,
                    widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
                    **common,
                )
        return forms.CharField(
            max_length=1000, widget=forms.Textarea(attrs={"rows": 2}), strip=True, **common
        )

    def answers(self) -> dict[int, object]:
        """The answers as stored (JSON): text, number, ISO date, true/false, choice id(s)."""
        stored: dict[int, object] = {}
        for name, question in self.questions.items():
            value = self.cleaned_data.get(name)
            if isinstance(value, Decimal):
                value = int(value) if value == value.to_integral_value() else float(value)
            elif isinstance(value, dt.date):
                value = value.isoformat()
            elif value in ("", []):
                value = None
            stored[question.pk] = value
        return stored


class DuplicateDecisionForm(forms.Form):
    """INTAKE-9: the collector's choice when a new customer matches existing ones."""

    decision = forms.ChoiceField(widget=forms.RadioSelect)
    confirm_new = forms.BooleanField(
        label=_("I checked: this is a different customer."), required=False
    )

    def __init__(self, *args, duplicates: list[Customer], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [
            *((f"existing:{c.pk}", c.pk) for c in duplicates),
            (NEW, NEW),
        ]
        self.fields["decision"].error_messages["required"] = _(
            "Choose the existing customer, or create a new one anyway."
        )
        self.duplicates = {c.pk: c for c in duplicates}

    def clean(self):
        data = super().clean()
        if data.get("decision") == NEW and not data.get("confirm_new"):
            self.add_error(
                "confirm_new", _("Confirm that this is a different customer to create a new one.")
            )
        return data

    def existing(self) -> Customer | None:
        decision = self.cleaned_data.get("decision", "")
        if decision.startswith("existing:"):
            return self.duplicates[int(decision.split(":", 1)[1])]
        return None


class AssignForm(forms.Form):
    """The sales manager's choice of rep for one survey (INTAKE-5)."""

    assignee = forms.ModelChoiceField(label=_("Rep"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignment_candidates()


class PaperFormsForm(forms.Form):
    """INTAKE-7: how many blank forms of which template to print."""

    template = forms.ModelChoiceField(label=_("Survey template"), queryset=None)
    count = forms.IntegerField(label=_("Number of forms"), min_value=1, max_value=200, initial=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = survey_templates_active()
        default = self.fields["template"].queryset.first()
        if default is not None:
            self.fields["template"].initial = default.pk
