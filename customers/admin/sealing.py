"""Access requests and the read log in Django admin: for looking, never for changing.

Decisions go through `access_request_decide` (one decision, no self-approval, limited
time); the log is written only by `sealed_read_record`. Neither shows a sealed answer.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from crm.admin_readonly import ReadOnlyAdmin
from customers.models import AccessRequest, ReadLog


@admin.register(AccessRequest)
class AccessRequestAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = [
        "requested_at",
        "requester",
        "survey",
        "card",
        "status",
        "decided_by",
        "decided_at",
        "valid_until",
    ]
    list_filter = ["status", "requested_at"]
    list_select_related = [
        "requester",
        "survey__customer",
        "card__customer",
        "card__attendance__event",
        "decided_by",
    ]
    search_fields = ["requester__username", "requester__last_name", "requester__first_name"]
    date_hierarchy = "requested_at"
    raw_id_fields = ["survey", "card"]


@admin.register(ReadLog)
class ReadLogAdmin(ReadOnlyAdmin):
    list_display = ["read_at", "reader", "survey", "card", "basis", "access_request"]
    list_filter = ["basis", "read_at"]
    list_select_related = [
        "reader",
        "survey__customer",
        "card__customer",
        "card__attendance__event",
        "access_request__requester",
        "access_request__survey__customer",
        "access_request__card__customer",
        "access_request__card__attendance__event",
    ]
    search_fields = ["reader__username", "reader__last_name", "reader__first_name"]
    date_hierarchy = "read_at"
    raw_id_fields = ["survey", "card", "access_request"]
