from django.contrib import admin

from accounts.models import DocumentDownload
from crm.admin_readonly import ReadOnlyAdmin


@admin.register(DocumentDownload)
class DocumentDownloadAdmin(ReadOnlyAdmin):
    """Issue 13, item 7: every customer document handed out."""

    list_display = ["at", "username", "name", "customer_id", "ip_address"]
    search_fields = ["username", "name"]
    date_hierarchy = "at"
