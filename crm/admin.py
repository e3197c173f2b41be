from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from crm.models import Heartbeat, Region, StaffProfile, Team
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
