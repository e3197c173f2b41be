"""Admin: the visit rules and the holiday calendar are edited here (VISIT-1…3, VISIT-11);
tasks and records are shown, never changed (records are append-only, VISIT-6)."""

from django.contrib import admin
from django.utils import timezone

from crm.admin_readonly import ReadOnlyAdmin
from visits.models import Holiday, VisitRecord, VisitRule, VisitTask
from visits.services import holidays_bring_forward


@admin.register(VisitRule)
class VisitRuleAdmin(admin.ModelAdmin):
    list_display = [
        "visitor",
        "audience",
        "days",
        "purpose_zh_hans",
        "purpose_en",
        "rule_code",
        "is_active",
        "applies_from",
    ]
    list_filter = ["visitor", "audience", "is_active"]
    list_editable = ["is_active"]

    def get_changeform_initial_data(self, request):
        # A new rule applies to cards from today on: old cards are not given new visits.
        return {
            "applies_from": timezone.localdate(),
            **super().get_changeform_initial_data(request),
        }

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # tasks keep their rule; switch a rule off instead


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["day", "name"]
    date_hierarchy = "day"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # VISIT-11: open visits due on the new holiday come forward at once.
        holidays_bring_forward(today=timezone.localdate())


@admin.register(VisitTask)
class VisitTaskAdmin(ReadOnlyAdmin):
    list_display = ["customer", "assignee", "visitor", "source", "due_on", "status", "done_late"]
    list_select_related = ["customer", "assignee"]
    list_filter = ["status", "visitor", "source"]
    raw_id_fields = ["customer", "assignee", "card", "created_by", "from_record"]
    search_fields = ["customer__name", "customer__phone"]
    date_hierarchy = "due_on"


@admin.register(VisitRecord)
class VisitRecordAdmin(ReadOnlyAdmin):
    list_display = ["customer", "author", "visited_at", "method", "corrects", "recorded_at"]
    list_select_related = ["customer", "author"]
    list_filter = ["method"]
    raw_id_fields = ["customer", "author", "task", "corrects", "checkout"]
    search_fields = ["customer__name", "customer__phone"]
    date_hierarchy = "visited_at"
