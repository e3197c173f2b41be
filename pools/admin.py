from django.contrib import admin

from pools.models import (
    ContactReveal,
    Ownership,
    OwnershipChange,
    Protection,
    ReleaseNote,
    Ruling,
)


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


# poolB: protection, reveals and rulings (POOL-11, POOL-12, POOL-17): records, read only.
class _RecordAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False  # made by the pages' services, with their checks

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Protection)
class ProtectionAdmin(_RecordAdmin):
    list_display = ["customer", "owner", "started_at", "ends_on", "ended_at", "end_reason"]
    list_select_related = ["customer", "owner"]
    list_filter = ["end_reason"]
    raw_id_fields = ["customer", "owner"]


@admin.register(ContactReveal)
class ContactRevealAdmin(_RecordAdmin):
    list_display = ["customer", "user", "revealed_at"]
    list_select_related = ["customer", "user"]
    raw_id_fields = ["customer", "user"]


@admin.register(Ruling)
class RulingAdmin(_RecordAdmin):
    list_display = ["customer", "cause", "lost_by", "gained_by", "status", "opened_at"]
    list_select_related = ["customer", "lost_by", "gained_by"]
    list_filter = ["status", "cause"]
    raw_id_fields = ["customer", "change", "lost_by", "gained_by", "decided_by"]
