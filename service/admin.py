"""Admin: the catalogues (departments, feedback tags) are edited here; cases, complaints,
feedback and reports are shown read-only, in the same scope as the pages, because every
change to them goes through the services with their checks (SVC-1…3)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from crm.admin_readonly import ReadOnlyAdminMixin
from service.models import (
    Apology,
    Case,
    CaseEvent,
    Compensation,
    Complaint,
    Department,
    Feedback,
    FeedbackTag,
    ImprovementAction,
    ImprovementReport,
    QualityTest,
    Remake,
    Verification,
)
from service.selectors.cases import case_qs_for
from service.selectors.complaints import complaint_qs_for
from service.selectors.feedback import feedback_qs_for


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_en", "code", "is_active", "order"]
    list_editable = ["is_active", "order"]
    search_fields = ["name", "name_en", "code"]
    filter_horizontal = ["members"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # cases point at it: retire it with "active" instead


@admin.register(FeedbackTag)
class FeedbackTagAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_en", "is_active", "order"]
    list_editable = ["is_active", "order"]
    search_fields = ["name", "name_en"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class CaseEventInline(_ReadOnlyInline):
    model = CaseEvent
    fields = ["at", "kind", "by", "from_department", "to_department", "expected_on", "note"]


@admin.register(Case)
class CaseAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "pk",
        "subject",
        "who",
        "kind",
        "received_by",
        "received_at",
        "status",
        "department",
        "expected_on",
    ]
    list_filter = ["status", "kind", "channel", "department"]
    list_select_related = ["customer", "received_by", "department"]
    search_fields = ["subject", "caller_name", "caller_phone", "customer__name"]
    date_hierarchy = "received_at"
    raw_id_fields = ["customer", "received_by", "answered_by", "department"]
    inlines = [CaseEventInline]

    def get_queryset(self, request):
        return case_qs_for(user=request.user)


class _StepInline(_ReadOnlyInline):
    exclude = []


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["pk", "case", "cause", "product", "state", "next_step", "opened_at"]
    list_filter = ["cause", "state", "next_step"]
    list_select_related = ["case"]
    search_fields = ["product", "case__subject", "case__customer__name"]
    date_hierarchy = "opened_at"
    raw_id_fields = ["case", "employee", "opened_by", "closed_by"]
    # The discipline record is not shown here: it stays on the complaint page, for those
    # allowed to read it (the employee's manager, the managers).
    inlines = [
        type(f"{m.__name__}Inline", (_StepInline,), {"model": m})
        for m in (QualityTest, Compensation, Remake, Verification, Apology)
    ]

    def get_queryset(self, request):
        return complaint_qs_for(user=request.user)


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["recorded_at", "about", "product", "rating", "recorded_by"]
    list_filter = ["rating", "about", "tags"]
    list_select_related = ["recorded_by"]
    search_fields = ["text", "product"]
    raw_id_fields = ["customer", "case", "recorded_by"]

    def get_queryset(self, request):
        return feedback_qs_for(user=request.user)


class ImprovementActionInline(_ReadOnlyInline):
    model = ImprovementAction
    fields = ["text", "department", "due_on"]


@admin.register(ImprovementReport)
class ImprovementReportAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "period_start", "period_end", "written_by", "written_at"]
    list_select_related = ["written_by"]
    raw_id_fields = ["written_by", "feedback", "complaints"]
    inlines = [ImprovementActionInline]
