from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from crm.models import Heartbeat, Region, RuleParameter, StaffProfile, Team
from crm.parameters import PARAM_BY_KEY, all_params, param_forget
from crm.selectors import HEARTBEAT_STALE_AFTER

User = get_user_model()


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "parent"]
    list_select_related = ["parent"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "parent", "leader", "region"]
    list_select_related = ["parent", "leader", "region"]
    search_fields = ["name"]
    autocomplete_fields = ["parent", "leader", "region"]


@admin.register(StaffProfile)
class StaffProfileAdmin(SimpleHistoryAdmin):
    list_display = ["user", "team", "region", "hire_date", "status"]
    list_filter = ["status", "team", "region"]
    list_select_related = ["user", "team", "region"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "phone"]
    autocomplete_fields = ["user", "team", "region"]


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    autocomplete_fields = ["team", "region"]


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin, SimpleHistoryAdmin):
    inlines = [StaffProfileInline]
    list_display = ["username", "last_name", "first_name", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "groups"]


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "beat_at", "alive"]
    readonly_fields = ["name", "beat_at"]

    @admin.display(boolean=True, description=_("alive"))
    def alive(self, obj: Heartbeat) -> bool:
        return timezone.now() - obj.beat_at <= HEARTBEAT_STALE_AFTER

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class RuleParameterForm(forms.ModelForm):
    key = forms.ChoiceField(label=_("parameter"), choices=())

    class Meta:
        model = RuleParameter
        fields = ["key", "value", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [
            (p.key, f"{p.key} ({p.rule}, {_('default')} {p.default}): {p.help}")
            for p in all_params()
        ]

    def clean(self):
        cleaned = super().clean()
        spec = PARAM_BY_KEY.get(cleaned.get("key", ""))
        if spec and cleaned.get("value") is not None:
            try:
                spec.parse(cleaned["value"])
            except (ValueError, ArithmeticError):
                self.add_error("value", _("Enter a value of the same kind as the default."))
        return cleaned


@admin.register(RuleParameter)
class RuleParameterAdmin(SimpleHistoryAdmin):
    form = RuleParameterForm
    list_display = ["key", "rule", "value", "default", "note"]
    search_fields = ["key", "note"]

    @admin.display(description=_("rule"))
    def rule(self, obj: RuleParameter) -> str:
        spec = PARAM_BY_KEY.get(obj.key)
        return spec.rule if spec else "?"

    @admin.display(description=_("default"))
    def default(self, obj: RuleParameter) -> str:
        spec = PARAM_BY_KEY.get(obj.key)
        return str(spec.default) if spec else "?"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        param_forget(obj.key)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        param_forget(obj.key)
