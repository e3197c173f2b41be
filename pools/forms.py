"""Forms of the pool pages: they validate only; the services decide (POOL-4…6)."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from crm.lib.forms import ModelIdsField
from crm.models import Region, Team
from crm.selectors import person_name
from customers.models import InformationSource
from deals.models import Tier
from pools.models import Pool, PoolRuleKey
from pools.periods import MONTHS_MAX
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


# The rule-settings page (POOL-9, POOL-10, POOL-15) --------------------------------------


class PoolForm(forms.ModelForm):
    """POOL-9: a pool's name, department, member teams and admins."""

    class Meta:
        model = Pool
        fields = ["name", "department", "member_teams", "admins", "is_default"]
        # SEC-7: an id past 64 bits is refused next to the field, not passed to SQLite.
        field_classes = {"member_teams": ModelIdsField, "admins": ModelIdsField}
        widgets = {
            "member_teams": forms.CheckboxSelectMultiple,
            "admins": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Team.objects.filter(parent__isnull=True)
        self.fields["admins"].queryset = (
            get_user_model()
            .objects.filter(is_active=True)
            .order_by("last_name", "first_name", "username")
        )
        self.fields["admins"].label_from_instance = person_name


RULE_TIERS = (("", _("All tiers")), *Tier.choices)
EXCLUSION_CHOICES = (("", _("As the rule settings")), ("1", _("Yes")), ("0", _("No")))


def rule_field_name(key: str, tier: str) -> str:
    return f"{key}__{tier or 'all'}"


class PoolRulesForm(forms.Form):
    """POOL-10: periods by tier (empty: as the pool's "all tiers", then the rule settings)
    and exclusions, from a chosen day (POOL-15)."""

    effective_from = forms.DateField(
        label=_("In force from"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text=_("The first nightly run that uses the new values."),
    )

    def __init__(self, *args, current: dict | None = None, defaults: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        defaults = defaults or {}
        for key in (PoolRuleKey.FIRST_CONTACT_MONTHS, PoolRuleKey.NO_SALE_MONTHS):
            for tier, label in RULE_TIERS:
                name = rule_field_name(key, tier)
                self.fields[name] = forms.IntegerField(
                    label=f"{key.label} · {label}",
                    required=False,
                    min_value=1,
                    max_value=MONTHS_MAX,
                    initial=current.get((key.value, tier)),
                    widget=forms.NumberInput(
                        attrs={"placeholder": defaults.get(key.value, ""), "inputmode": "numeric"}
                    ),
                )
        for key in (PoolRuleKey.EXCLUDE_OPEN_DEAL, PoolRuleKey.EXCLUDE_PROTECTED):
            value = current.get((key.value, ""))
            self.fields[rule_field_name(key, "")] = forms.ChoiceField(
                label=key.label,
                required=False,
                choices=EXCLUSION_CHOICES,
                initial="" if value is None else str(value),
            )

    def period_rows(self):
        """(tier label, POOL-1 field, POOL-3 field) for the table."""
        return [
            (
                label,
                self[rule_field_name(PoolRuleKey.FIRST_CONTACT_MONTHS, tier)],
                self[rule_field_name(PoolRuleKey.NO_SALE_MONTHS, tier)],
            )
            for tier, label in RULE_TIERS
        ]

    def exclusion_fields(self):
        return [
            self[rule_field_name(k, "")]
            for k in (PoolRuleKey.EXCLUDE_OPEN_DEAL, PoolRuleKey.EXCLUDE_PROTECTED)
        ]

    def values(self) -> dict:
        """(key, tier) → value (None: inherited), from the cleaned data."""
        found = {}
        for key, _label in PoolRuleKey.choices:
            tiers = RULE_TIERS if key in PERIOD_RULE_KEYS else (("", ""),)
            for tier, _t in tiers:
                raw = self.cleaned_data.get(rule_field_name(key, tier))
                if key in PERIOD_RULE_KEYS:
                    found[(key, tier)] = raw
                else:
                    found[(key, tier)] = None if raw in ("", None) else int(raw)
        return found


PERIOD_RULE_KEYS = (PoolRuleKey.FIRST_CONTACT_MONTHS.value, PoolRuleKey.NO_SALE_MONTHS.value)
