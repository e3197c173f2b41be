"""Admin: the points catalogue is edited here (PERF-2); events and statements are only read
(they change through the pages' services: record, void, the monthly close, paid)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from crm.admin_readonly import ReadOnlyAdmin, ReadOnlyAdminMixin
from performance.models import (
    ClosedMonth,
    CommissionLine,
    CommissionStatement,
    PointEvent,
    PointItem,
    PointStatement,
)


@admin.register(PointItem)
class PointItemAdmin(SimpleHistoryAdmin):
    list_display = ["name_zh", "name_en", "points", "fine", "active", "sort_order"]
    list_editable = ["active", "sort_order"]
    list_filter = ["active"]
    search_fields = ["name_zh", "name_en", "code"]
    ordering = ["sort_order", "pk"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # recorded events point at their item: retire an item instead


@admin.register(PointEvent)
class PointEventAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["date", "employee", "item_name_zh", "points", "fine", "recorded_by"]
    list_select_related = ["employee", "recorded_by"]
    list_filter = [("voided_at", admin.EmptyFieldListFilter), "date"]
    search_fields = ["employee__username", "employee__last_name", "item_name_zh"]
    date_hierarchy = "date"


@admin.register(PointStatement)
class PointStatementAdmin(ReadOnlyAdmin):
    list_display = ["month", "employee", "end_points", "bonus", "fines_total", "closed_at"]
    list_select_related = ["employee"]
    list_filter = ["month"]
    search_fields = ["employee__username", "employee__last_name"]


class CommissionLineInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = CommissionLine
    fields = ["payment", "kind", "amount", "rate", "commission", "at"]
    readonly_fields = fields
    extra = 0


@admin.register(CommissionStatement)
class CommissionStatementAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["month", "rep", "commission", "lines_count", "paid_at", "paid_by"]
    list_select_related = ["rep", "paid_by"]
    list_filter = ["month", ("paid_at", admin.EmptyFieldListFilter)]
    search_fields = ["rep__username", "rep__last_name"]
    inlines = [CommissionLineInline]


@admin.register(ClosedMonth)
class ClosedMonthAdmin(ReadOnlyAdmin):
    list_display = ["month", "closed_at", "points_statements", "commission_statements"]
