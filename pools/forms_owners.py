"""Forms of protection, bulk actions and rulings (POOL-11, POOL-13, POOL-17): they validate;
the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from crm.lib.forms import as_id
from crm.selectors import person_name
from pools.bulk import ACTION_ASSIGN, ACTION_RETURN, ACTION_TRANSFER, BULK_MAX
from pools.handover import handover_receivers


class ProtectForm(forms.Form):
    days = forms.IntegerField(label=_("Days"), required=False, min_value=1, max_value=3650)


class CustomerBulkForm(forms.Form):
    """A manager's action on the customers selected in the list, with one reason."""

    ids = forms.TypedMultipleChoiceField(coerce=int, choices=(), label=_("Customers"))
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            (ACTION_TRANSFER, _("Transfer to a rep")),
            (ACTION_ASSIGN, _("Assign pool customers to a rep")),
            (ACTION_RETURN, _("Return to the pool")),
        ],
    )
    to = forms.ModelChoiceField(
        label=_("To rep"), queryset=None, required=False, empty_label=_("Choose a rep")
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = handover_receivers()
        self.fields["to"].label_from_instance = person_name

    def clean_ids(self):
        return self.cleaned_data["ids"]

    def full_clean(self):
        # Any id is a choice: the service keeps only what the manager may see.
        ids = self.data.getlist("ids") if hasattr(self.data, "getlist") else []
        # SEC-7: only what a table can hold as an id; anything else is refused by the field.
        self.fields["ids"].choices = [(v, v) for v in ids[:BULK_MAX] if as_id(v) is not None]
        super().full_clean()

    def clean(self):
        data = super().clean()
        if data.get("action") in (ACTION_TRANSFER, ACTION_ASSIGN) and not data.get("to"):
            self.add_error("to", _("Choose the rep who receives the customers."))
        if data.get("action") == ACTION_RETURN:
            data["to"] = None
        return data


class RulingForm(forms.Form):
    CONFIRM, REVERSE = "confirm", "reverse"
    decision = forms.ChoiceField(
        label=_("Ruling"),
        widget=forms.RadioSelect,
        choices=[
            (CONFIRM, _("Confirm the change: the new owner keeps the customer")),
            (REVERSE, _("Reverse it: the customer goes back to the previous owner")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
