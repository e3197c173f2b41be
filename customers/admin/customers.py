"""Admin of customers, their contacts (inline) and documents (read-only).

The admin starts from the same scope as the pages (`customer_scope_for`, SEAL-2), so the
admin and the customer list never disagree. Documents are linked to the scoped download
view, never to a media URL (SEAL-3).
"""

from django.contrib import admin
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from crm.selectors import person_name
from customers.models import Contact, Customer, CustomerDocument
from customers.selectors.customers import customer_search
from customers.selectors.scope import customer_scope_for
from customers.services.customers import customer_update


class ContactInline(admin.TabularInline):
    model = Contact
    fields = ["name", "title", "phone", "email"]
    extra = 0


@admin.register(Customer)
class CustomerAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "kind",
        "phone",
        "organisation",
        "region",
        "source",
        "is_key_customer",
        "owner",
        "created_at",
    ]
    list_filter = ["kind", "source", "is_key_customer", "region"]
    list_select_related = ["region", "ownership__owner"]
    # The search box uses the pages' search (name, phone, organisation, pinyin).
    search_fields = ["name"]
    search_help_text = _("Name, phone, organisation, or pinyin (zhangsan, zs).")
    # A million customers: never count the whole table for the "n total" line.
    show_full_result_count = False
    ordering = ["-created_at", "-id"]
    raw_id_fields = ["first_collector"]
    readonly_fields = ["created_at", "created_by", "import_key"]
    inlines = [ContactInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "kind",
                    "name",
                    "phone",
                    "email",
                    "organisation",
                    "region",
                    "address",
                    "source",
                    "is_key_customer",
                    "first_collector",
                ]
            },
        ),
        (
            _("Customer profile"),
            {
                "fields": [
                    "description",
                    "characteristics",
                    "business_status",
                    "economic_strength",
                    "credit_note",
                    "transaction_status",
                    "sales_summary",
                ]
            },
        ),
        (_("Record"), {"fields": ["created_at", "created_by", "import_key"]}),
    ]

    def get_queryset(self, request):
        return customer_scope_for(user=request.user).select_related("region", "ownership__owner")

    def get_search_results(self, request, queryset, search_term):
        return customer_search(qs=queryset, q=search_term), False

    @admin.display(description=_("owner"))
    def owner(self, customer):
        ownership = getattr(customer, "ownership", None)
        if ownership is None or ownership.owner is None:
            return _("Pool")
        return person_name(ownership.owner)

    def history_view(self, request, object_id, extra_context=None):
        # The history of a customer outside the user's scope answers 404, like the page.
        if not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def save_model(self, request, obj, form, change):
        # Through the service, so the pinyin search keys follow the name.
        if not change:
            obj.created_by = request.user
        customer_update(customer=obj, data={}, by=request.user)


@admin.register(CustomerDocument)
class CustomerDocumentAdmin(admin.ModelAdmin):
    """Read-only: documents are uploaded on the customer's page, with their checks."""

    list_display = ["original_name", "customer", "kind", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["kind"]
    list_select_related = ["customer", "uploaded_by"]
    search_fields = ["original_name", "customer__name"]
    show_full_result_count = False
    fields = [
        "customer",
        "kind",
        "download",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        scope = customer_scope_for(user=request.user).values("pk")
        return (
            super()
            .get_queryset(request)
            .filter(customer__in=scope)
            .select_related("customer", "uploaded_by")
        )

    @admin.display(description=_("file"))
    def download(self, document):
        url = reverse(
            "customers:customer_document_download", args=[document.customer_id, document.pk]
        )
        return format_html('<a href="{}">{}</a>', url, document.original_name)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
