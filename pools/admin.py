from django.contrib import admin

from pools.models import Ownership, OwnershipChange, ReleaseNote


@admin.register(Ownership)
class OwnershipAdmin(admin.ModelAdmin):
    list_display = ["customer", "owner", "since", "reason", "rule"]
    list_select_related = ["customer", "owner"]
    list_filter = ["reason"]
    raw_id_fields = ["customer", "owner"]
    search_fields = ["customer__name", "customer__phone"]


@admin.register(OwnershipChange)
class OwnershipChangeAdmin(admin.ModelAdmin):
    list_display = ["customer", "from_owner", "to_owner", "reason", "rule", "changed_at"]
    list_select_related = ["customer", "from_owner", "to_owner"]
    list_filter = ["reason"]
    raw_id_fields = ["customer", "from_owner", "to_owner", "changed_by"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # the record of changes is append-only

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReleaseNote)
class ReleaseNoteAdmin(admin.ModelAdmin):
    list_display = ["customer", "owner", "rule", "created_at", "completed_at"]
    list_select_related = ["customer", "owner"]
    list_filter = ["rule", ("completed_at", admin.EmptyFieldListFilter)]
    raw_id_fields = ["customer", "owner"]
    search_fields = ["customer__name", "customer__phone"]
