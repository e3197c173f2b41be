"""Forms of the pool pages: they validate only; the services decide (POOL-4…6)."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from crm.models import Region
from crm.selectors import person_name
from customers.models import InformationSource
from deals.models import Tier
from pools.selectors import HISTORY_NEVER, HISTORY_WORKED


def _region_label(region: Region) -> str:
    return f"{region.parent.name} · {region.name}" if region.parent_id else region.name


class PoolFilterForm(forms.Form):
    """The pool page's filters. A value that is not valid is ignored."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, phone, organisation or pinyin")}
        ),
    )
    region = forms.ModelChoiceField(
        label=_("Region"), required=False, queryset=None, empty_label=_("All regions")
    )
    source = forms.ChoiceField(
        label=_("Source"),
        required=False,
        choices=[("", _("All sources")), *InformationSource.choices],
    )
    tier = forms.ChoiceField(
        label=_("Tier"), required=False, choices=[("", _("All tiers")), *Tier.choices]
    )
    days = forms.IntegerField(
        label=_("In the pool for at least (days)"), required=False, min_value=0, max_value=3650
    )
    history = forms.ChoiceField(
        label=_("Last contact"),
        required=False,
        choices=[
            ("", _("Any")),
            (HISTORY_NEVER, _("Never had an owner")),
            (HISTORY_WORKED, _("Had an owner before")),
        ],
    )

    def __init__(self, *args, pools=(), **kwargs):
        super().__init__(*args, **kwargs)
        if len(pools) > 1:  # POOL-9: one of the rep's pools, or all of them
            self.fields["pool"] = _PoolChoice(pools=pools, label=_("Pool"), required=False)
            self.fields["pool"].choices = [("", _("All my pools")), *self.fields["pool"].choices]
        region = self.fields["region"]
        region.queryset = Region.objects.select_related("parent").order_by("code")
        region.label_from_instance = _region_label

    def filters(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "q": data.get("q") or "",
            "region": data.get("region"),
            "source": data.get("source") or "",
            "days_in_pool": data.get("days") or None,
            "history": data.get("history") or "",
            "tier": data.get("tier") or "",
            "pool": data.get("pool"),
        }


class ReleaseNoteForm(forms.Form):
    """POOL-6: what the next rep needs to know."""

    status = forms.CharField(
        label=_("Customer status"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needs, budget, decision makers, anything the next rep should know."),
    )
    contact_details = forms.CharField(
        label=_("Contact details"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Who to call, when, and how they prefer to be reached."),
    )
    progress = forms.CharField(
        label=_("How far talks went"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReferralForm(forms.Form):
    """POOL-4: the rep a manager hands a customer to."""

    rep = forms.ModelChoiceField(label=_("Sales rep"), queryset=None)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sells = Q(groups__permissions__codename="add_survey") | Q(
            user_permissions__codename="add_survey"
        )
        self.fields["rep"].queryset = (
            get_user_model()
            .objects.filter(sells, is_active=True)
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        self.fields["rep"].label_from_instance = person_name


class _PoolChoice(forms.ChoiceField):
    """One of the pools given to the form (no query of its own); cleaned to the Pool."""

    def __init__(self, *, pools=(), **kwargs):
        self.pools = {str(p.pk): p for p in pools}
        super().__init__(choices=[(str(p.pk), p.name) for p in pools], **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return self.pools.get(value) if value else None


class ReleaseForm(ReleaseNoteForm):
    """POOL-6 with POOL-9: the note, and the pool to release to (default: the department's)."""

    def __init__(self, *args, pools=(), home=None, **kwargs):
        super().__init__(*args, **kwargs)
        if len(pools) > 1:
            self.fields["pool"] = _PoolChoice(
                pools=pools,
                label=_("Pool"),
                required=False,
                help_text=_("Empty: the customer goes to your department's pool."),
            )
            self.fields["pool"].choices = [
                ("", _("My department's pool")),
                *self.fields["pool"].choices,
            ]
            if home:
                self.fields["pool"].initial = str(home)


class PoolMoveForm(forms.Form):
    """POOL-9: a pool admin moves a pool customer to another pool, with a reason."""

    pool = _PoolChoice(label=_("Move to"))
    note = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, pools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pool"] = _PoolChoice(pools=pools, label=_("Move to"))
