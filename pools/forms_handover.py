"""Forms of the handover pages (HAND-1…3, CARD-10): they validate, the services act."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from crm.lib.forms import ModelIdsField
from crm.selectors import person_name


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return person_name(obj)


class PeopleChoiceField(ModelIdsField):
    def label_from_instance(self, obj) -> str:
        owned = getattr(obj, "owned", None)
        if owned is None:
            return person_name(obj)
        return _("%(name)s (owns %(count)s)") % {"name": person_name(obj), "count": owned}


class ReceiversForm(forms.Form):
    """HAND-3, step 1: the reps who receive the leaver's customers."""

    receivers = PeopleChoiceField(
        label=_("Receiving reps"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one rep to receive the customers."),
            "invalid_choice": _("%(value)s is not an active rep; choose among the reps listed."),
            "invalid_pk_value": _("Choose among the reps listed."),
        },
    )

    def __init__(self, *args, receivers_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receivers"].queryset = receivers_qs


class RedistributeForm(ReceiversForm):
    """HAND-3, step 2: for each customer, the proposed receiver, which the manager may
    change, or nobody (the customer stays for now)."""

    def __init__(self, *args, receivers_qs, ownerships, receivers, proposal, **kwargs):
        super().__init__(*args, receivers_qs=receivers_qs, **kwargs)
        self.receivers_qs = receivers_qs
        choices = [("", _("— keep for now —"))] + [(str(r.pk), person_name(r)) for r in receivers]
        self.rows = []
        for row in ownerships:
            name = f"to_{row.customer_id}"
            self.fields[name] = forms.ChoiceField(
                label=row.customer.name,
                choices=choices,
                required=False,
                initial=str(proposal.get(row.customer_id, "")),
            )
            self.rows.append((row, name))

    def bound_rows(self):
        return [(row, self[name]) for row, name in self.rows]

    def clean(self):
        cleaned = super().clean()
        chosen = {r.pk: r for r in cleaned.get("receivers") or []}
        assignments = {}
        for row, name in self.rows:
            value = cleaned.get(name)
            if not value:
                continue
            receiver = chosen.get(int(value))
            if receiver is None:
                self.add_error(name, _("Choose one of the receiving reps."))
                continue
            assignments[row.customer_id] = receiver
        if not assignments and not self.errors:
            raise forms.ValidationError(_("Choose at least one customer to hand over."))
        cleaned["assignments"] = assignments
        return cleaned


class TransferForm(forms.Form):
    """HAND-2: one customer to another rep, with the reason."""

    to = PersonChoiceField(
        label=_("New owner"),
        queryset=None,
        error_messages={
            "required": _("Choose the rep who takes the customer."),
            "invalid_choice": _("Choose an active rep from the list."),
        },
    )
    note = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Role change, the customer's request…"),
        error_messages={"required": _("Say why the customer is transferred.")},
    )

    def __init__(self, *args, receivers_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = receivers_qs

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError(_("Say why the customer is transferred."))
        return note


class CardsMoveForm(forms.Form):
    """CARD-10: cards in a leaving doctor's custody go to another doctor."""

    cards = ModelIdsField(
        label=_("Cards"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one card."),
            "invalid_choice": _("That card is no longer in this custody; reload the page."),
        },
    )
    to = PersonChoiceField(
        label=_("Receiving doctor"),
        queryset=None,
        error_messages={
            "required": _("Choose the doctor who takes the cards."),
            "invalid_choice": _("Choose an active service doctor from the list."),
        },
    )

    def __init__(self, *args, cards_qs, doctors_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cards"].queryset = cards_qs
        self.fields["to"].queryset = doctors_qs
