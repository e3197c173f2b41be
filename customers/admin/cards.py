"""Events, cards, check-outs and incidents in Django admin: for looking, never for changing.

Every change goes through customers.services.cards (a card is made per attendee, late
flags record their rule, one open check-out per card, fines within CARD-8's range). A
card's content is not shown here: reading it needs a basis (CARD-9).
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from crm.admin_readonly import ReadOnlyAdminMixin
from customers.models import ArchiveCard, Attendance, CardCheckout, CardIncident, Event


@admin.register(Event)
class EventAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "held_on", "location", "organiser"]
    list_filter = ["kind", "held_on"]
    list_select_related = ["organiser"]
    search_fields = ["name", "location"]
    date_hierarchy = "held_on"


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["event", "customer", "rep", "bought"]
    list_filter = ["bought"]
    list_select_related = ["event", "customer", "rep"]
    search_fields = ["event__name", "customer__name"]
    raw_id_fields = ["event", "customer", "rep"]


@admin.register(ArchiveCard)
class ArchiveCardAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "customer",
        "attendance",
        "rep",
        "buyer",
        "status",
        "filled_late",
        "submitted_late",
        "custodian",
    ]
    list_filter = ["status", "buyer", "filled_late", "submitted_late"]
    list_select_related = ["customer", "rep", "custodian", "attendance__event", "attendance"]
    search_fields = ["customer__name", "attendance__event__name"]
    raw_id_fields = ["attendance", "customer", "rep", "custodian", "handed_over_by"]
    # Metadata only: the card's content stays out of admin (CARD-9).
    fields = [
        "attendance",
        "customer",
        "rep",
        "buyer",
        "status",
        "filled_at",
        "filled_late",
        "submitted_at",
        "submitted_late",
        "lateness",
        "custodian",
        "handed_over_at",
        "handed_over_by",
    ]

    def history_view(self, request, object_id, extra_context=None):
        # The history would show the content field by field; it is not for admin (CARD-9).
        # Refused with a page that says why, in the admin's language, not a bare 403.
        card = self.get_object(request, unquote(object_id))
        if card is None or not self.has_view_permission(request, card):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "opts": self.opts, "original": card}
        return TemplateResponse(
            request, "admin/customers/archivecard/history_refused.html", context, status=403
        )


@admin.register(CardCheckout)
class CardCheckoutAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["card", "holder", "checked_out_at", "due_on", "returned_at", "received_by"]
    list_filter = ["due_on", "returned_at"]
    list_select_related = [
        "card__customer",
        "card__attendance__event",
        "holder",
        "received_by",
    ]
    search_fields = ["card__customer__name", "holder__username", "holder__last_name"]
    raw_id_fields = ["card", "holder", "received_by"]
    date_hierarchy = "checked_out_at"


@admin.register(CardIncident)
class CardIncidentAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["card", "kind", "holder", "fine", "reported_by", "reported_at", "restored_at"]
    list_filter = ["kind", "reported_at"]
    list_select_related = [
        "card__customer",
        "card__attendance__event",
        "holder",
        "reported_by",
    ]
    search_fields = ["card__customer__name", "holder__username", "holder__last_name"]
    raw_id_fields = ["card", "holder", "reported_by"]
    date_hierarchy = "reported_at"
