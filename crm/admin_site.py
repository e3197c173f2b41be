"""Django admin is for admins only (issue 13, item 5).

The pages apply each role's scopes and write rules (who may manage whom, a rep's own
customers); the admin's model pages do not, so `is_staff` alone opens nothing here: only a
superuser or a holder of the admin role gets in. Everyone else is sent to the admin's
login page, as Django does for a user without `is_staff`.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class CrmAdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        from crm.selectors import is_admin  # deferred: selectors read the models

        user = request.user
        return bool(user.is_active and user.is_staff and is_admin(user=user))


class CrmAdminConfig(AdminConfig):
    """django.contrib.admin with the site above (INSTALLED_APPS names this)."""

    default_site = "crm.admin_site.CrmAdminSite"
