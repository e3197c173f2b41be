"""Customer imports and the export log in Django admin: for looking, never for changing.

Imports run through `import_job_start`; the export log (SEAL-2) is written only by
`customer_export`. The rows of a job's error report stay on its page in the CRM.
"""

from django.contrib import admin

from crm.admin_readonly import ReadOnlyAdmin
from customers.models import ExportLog, ImportJob
from customers.selectors.imports import export_log_for


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "original_name",
        "uploaded_by",
        "status",
        "total_rows",
        "created_rows",
        "updated_rows",
        "skipped_rows",
        "error_rows",
        "finished_at",
    ]
    list_filter = ["status", "created_at"]
    list_select_related = ["uploaded_by"]
    search_fields = ["original_name", "uploaded_by__username", "uploaded_by__last_name"]
    date_hierarchy = "created_at"
    fields = [
        "original_name",
        "uploaded_by",
        "created_at",
        "status",
        "total_rows",
        "processed_rows",
        "created_rows",
        "updated_rows",
        "skipped_rows",
        "error_rows",
        "finished_at",
        "message",
    ]


@admin.register(ExportLog)
class ExportLogAdmin(ReadOnlyAdmin):
    list_display = ["exported_at", "user", "row_count", "filters"]
    list_filter = ["exported_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__last_name", "user__first_name"]
    date_hierarchy = "exported_at"
    fields = ["user", "exported_at", "row_count", "filters"]

    def get_queryset(self, request):
        return export_log_for(user=request.user)
