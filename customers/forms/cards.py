"""Forms of events and archive cards: they validate and normalise; the services write."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from crm.lib.forms import ModelIdsField
from crm.parameters import param
from crm.selectors import person_name
from crm.templatetags.crm import yuan
from customers.models import ArchiveCard, Event, IncidentKind
from customers.selectors.cards import card_fields_for

TEXT_MAX = 2000


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return person_name(obj)


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["kind", "name", "held_on", "location"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        error_messages = {
            "name": {"required": _("Give the event a name.")},
            "held_on": {
                "required": _("Give the date of the event."),
                "invalid": _("Enter a date such as 2026-11-23."),
            },
            "kind": {"required": _("Choose the kind of event.")},
        }


class CustomerSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find a customer"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, phone, pinyin")}),
    )


class AttendanceForm(forms.Form):
    """Add one customer to an event's list; the customer must be one the user may see."""

    customer = forms.ModelChoiceField(
        queryset=None,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose a customer."),
            "invalid_choice": _("This customer is not one you may add."),
        },
    )
    rep = PersonChoiceField(
        label=_("Responsible rep"),
        queryset=None,
        empty_label=_("Choose a rep"),
        error_messages={
            "required": _("Choose the rep who fills the card."),
            "invalid_choice": _("Choose a rep who fills archive cards."),
        },
    )
    bought = forms.BooleanField(label=_("Bought at the event"), required=False)

    def __init__(self, *args, customers, reps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = customers
        self.fields["rep"].queryset = reps


class CardForm(forms.ModelForm):
    """The card's content (CARD-2). Every field may stay empty in a draft; the service
    refuses to submit an incomplete card (CARD-4) and names the fields."""

    SAVE = "save"
    SUBMIT = "submit"

    class Meta:
        model = ArchiveCard
        fields = [
            "health_condition",
            "family_situation",
            "interests",
            "event_feedback",
            "purchase",
            "next_step",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX}) for name in fields
        }

    def __init__(self, *args, buyer: bool, **kwargs):
        super().__init__(*args, **kwargs)
        wanted = card_fields_for(buyer=buyer)
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        for field in self.fields.values():
            field.required = False
            field.validators.append(MaxLengthValidator(TEXT_MAX))

    @property
    def submits(self) -> bool:
        return self.data.get("action") == self.SUBMIT

    def values(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}


class HandOverForm(forms.Form):
    """CARD-6: the selected submitted cards and the doctor who will keep them."""

    cards = ModelIdsField(
        queryset=None,
        error_messages={
            "required": _("Select the cards to hand over."),
            "invalid_choice": _(
                "A selected card is no longer waiting. Check the list and try again."
            ),
            "invalid_pk_value": _("Select the cards to hand over."),
        },
    )
    doctor = PersonChoiceField(
        label=_("Service doctor"),
        queryset=None,
        empty_label=_("Choose a doctor"),
        error_messages={
            "required": _("Choose the service doctor who will keep the cards."),
            "invalid_choice": _("Choose a service doctor who keeps cards."),
        },
    )

    def __init__(self, *args, doctors, cards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["doctor"].queryset = doctors
        self.fields["cards"].queryset = cards


class CheckOutForm(forms.Form):
    holder = PersonChoiceField(
        label=_("Checked out by"),
        queryset=None,
        empty_label=_("Choose a person"),
        help_text=_("The person who takes the card for a visit."),
        error_messages={
            "required": _("Choose the person who takes the card."),
            "invalid_choice": _("Choose the person who takes the card."),
        },
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=200,
        required=False,
        help_text=_("For example: the first follow-up visit."),
    )

    def __init__(self, *args, holders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = holders


def _fine_field(**kwargs) -> forms.DecimalField:
    low, high = Decimal(param("card.fine_min")), Decimal(param("card.fine_max"))
    message = _("The fine is between %(min)s and %(max)s.") % {
        "min": yuan(low),
        "max": yuan(high),
    }
    field = forms.DecimalField(
        label=_("Fine (yuan)"),
        max_digits=8,
        decimal_places=2,
        min_value=low,
        max_value=high,
        help_text=message,
        error_messages={
            "min_value": message,
            "max_value": message,
            "invalid": _("Enter an amount in yuan, such as 100."),
            "max_digits": message,
            "required": message,
        },
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
        **kwargs,
    )
    return field


class IncidentForm(forms.Form):
    """CARD-8: report a lost, damaged or incomplete card; a sales manager also sets the fine."""

    kind = forms.ChoiceField(
        label=_("What happened to the card"),
        choices=IncidentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose lost, damaged or incomplete.")},
    )
    holder = PersonChoiceField(
        label=_("Holder"),
        queryset=None,
        empty_label=_("Choose a person"),
        help_text=_("Who held the card; they are fined and must restore it."),
        error_messages={"required": _("Choose who held the card.")},
    )
    description = forms.CharField(
        label=_("What happened"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Describe what happened.")},
    )

    def __init__(self, *args, holders, with_fine: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = holders
        if with_fine:
            self.fields["fine"] = _fine_field()


class FineForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fine"] = _fine_field()


class CustodySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Customer"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, phone, pinyin")}),
    )


class IncidentFilterForm(forms.Form):
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("open", _("Card not yet restored")), ("all", _("All incidents"))],
    )
