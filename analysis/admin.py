from django.contrib import admin

from analysis.models import AnalysisRun
from crm.admin_readonly import ReadOnlyAdmin


@admin.register(AnalysisRun)
class AnalysisRunAdmin(ReadOnlyAdmin):
    """When the nightly job ran and what it wrote; the figures themselves are not edited."""

    list_display = ("started_at", "finished_at", "seconds")
    readonly_fields = ("started_at", "finished_at", "seconds", "rows")
