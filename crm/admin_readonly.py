"""Admin pages that show records but never change them (logs, and records whose changes
must go through a service with its checks)."""

from django.contrib import admin


class ReadOnlyAdminMixin:
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass
