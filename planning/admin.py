"""Plans and reports in the admin: read-only (they change through the pages' workflow),
within the same scope as the pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from crm.admin_readonly import ReadOnlyAdminMixin
from planning.models import (
    DailyReport,
    MonthlyTarget,
    PlanEntry,
    PlanEvent,
    WeeklyPlan,
    WeeklyReport,
)
from planning.selectors import rep_scope_q


class ScopedAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    def get_queryset(self, request):
        return super().get_queryset(request).filter(rep_scope_q(user=request.user))


class PlanEntryInline(admin.TabularInline):
    model = PlanEntry
    extra = 0
    raw_id_fields = ["customer"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class PlanEventInline(PlanEntryInline):
    model = PlanEvent
    raw_id_fields = ["by"]
    exclude = ["entries"]


@admin.register(WeeklyPlan)
class WeeklyPlanAdmin(ScopedAdmin):
    list_display = ["rep", "week_start", "status", "submitted_at", "submitted_late", "reviewer"]
    list_filter = ["status", "submitted_late", "week_start"]
    list_select_related = ["rep", "reviewer"]
    search_fields = ["rep__username", "rep__last_name", "rep__first_name"]
    inlines = [PlanEntryInline, PlanEventInline]


@admin.register(WeeklyReport)
class WeeklyReportAdmin(ScopedAdmin):
    list_display = ["rep", "week_start", "status", "submitted_at", "submitted_late", "reviewed_by"]
    list_filter = ["status", "submitted_late", "week_start"]
    list_select_related = ["rep", "reviewed_by"]
    search_fields = ["rep__username", "rep__last_name", "rep__first_name"]


@admin.register(DailyReport)
class DailyReportAdmin(ScopedAdmin):
    list_display = ["rep", "day", "status", "submitted_at", "reviewed_by"]
    list_filter = ["status", "day"]
    list_select_related = ["rep", "reviewed_by"]
    search_fields = ["rep__username", "rep__last_name", "rep__first_name"]


@admin.register(MonthlyTarget)
class MonthlyTargetAdmin(ScopedAdmin):
    list_display = ["rep", "month", "new_customers", "sales_amount", "visits", "set_by"]
    list_filter = ["month"]
    list_select_related = ["rep", "set_by"]
