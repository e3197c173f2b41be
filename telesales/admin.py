"""Read-only admin of telesales records, scoped like the pages (telesales/selectors/scope.py).

Calls are records of what was said; prospects, reports and plans change through their
pages, whose services check TEL-1…4. The numbers of TEL-5 are rule settings.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from crm.admin_readonly import ReadOnlyAdminMixin
from telesales.models import Call, CallPlan, CallReport, Prospect
from telesales.selectors.scope import call_plans_for, call_reports_for, calls_for, prospects_for


@admin.register(Prospect)
class ProspectAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["organisation", "owner", "grade", "visit_rep", "signed_at", "created_at"]
    list_filter = ["grade", "it_status"]
    list_select_related = ["owner", "visit_rep"]
    search_fields = ["organisation", "phone"]
    show_full_result_count = False

    def get_queryset(self, request):
        return prospects_for(user=request.user)


@admin.register(Call)
class CallAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["called_at", "rep", "organisation", "phone", "outcome", "is_valid"]
    list_filter = ["is_valid", "outcome"]
    list_select_related = ["rep"]
    search_fields = ["organisation", "phone"]
    date_hierarchy = "called_at"
    show_full_result_count = False

    def get_queryset(self, request):
        return calls_for(user=request.user)


@admin.register(CallReport)
class CallReportAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["day", "rep", "kind", "submitted_at"]
    list_filter = ["kind"]
    list_select_related = ["rep"]

    def get_queryset(self, request):
        return call_reports_for(user=request.user)


@admin.register(CallPlan)
class CallPlanAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["week_start", "rep", "target_calls", "target_valid_calls", "reviewed_at"]
    list_select_related = ["rep"]

    def get_queryset(self, request):
        return call_plans_for(user=request.user)
