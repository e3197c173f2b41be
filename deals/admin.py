from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from deals.models import CreditReview, CustomerTier, Deal, DealLine, Payment


class DealLineInline(admin.TabularInline):
    model = DealLine
    extra = 0
    readonly_fields = ["amount"]


@admin.register(Deal)
class DealAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "customer", "rep", "created_at", "total", "status"]
    list_filter = ["status"]
    raw_id_fields = ["customer", "rep", "created_by"]
    readonly_fields = ["total"]
    inlines = [DealLineInline]
    list_select_related = ["customer", "rep"]


@admin.register(Payment)
class PaymentAdmin(SimpleHistoryAdmin):
    """Read-mostly: confirm, refund and cancel go through the finance page (DEAL-1)."""

    list_display = ["pk", "customer", "deal", "amount", "received_on", "method", "status"]
    list_filter = ["status", "method"]
    raw_id_fields = ["deal", "customer", "recorded_by", "confirmed_by", "closed_by"]
    readonly_fields = ["status", "confirmed_by", "confirmed_at", "closed_by", "closed_at"]
    list_select_related = ["customer", "deal"]


@admin.register(CustomerTier)
class CustomerTierAdmin(SimpleHistoryAdmin):
    list_display = ["customer", "tier", "computed_grade", "override_grade", "next_review_on"]
    list_filter = ["tier", "computed_grade", "override_grade"]
    raw_id_fields = ["customer", "override_by"]
    readonly_fields = ["computed_at", "rule", "params", "grade_params"]
    list_select_related = ["customer"]


@admin.register(CreditReview)
class CreditReviewAdmin(SimpleHistoryAdmin):
    list_display = ["customer", "reviewed_on", "reviewed_by", "grade", "next_review_on"]
    raw_id_fields = ["customer", "reviewed_by"]
    list_select_related = ["customer", "reviewed_by"]
