"""The roles of RULES.md ("Roles"), as Django groups with their permissions.

One place declares them. `sync_roles` makes the database match: a data migration calls it,
and every later migration that adds permissions calls it again, so groups are never made
by hand. A person may hold several roles (several groups).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crm.plugins import app_modules


@dataclass(frozen=True)
class Role:
    code: str  # the group's name
    label: str
    description: str
    permissions: tuple[str, ...]  # "app_label.codename"


REP = "rep"
TELESALES = "telesales"
SUPERVISOR = "supervisor"
SALES_MANAGER = "sales_manager"
SERVICE_DOCTOR = "service_doctor"
SERVICE_MANAGER = "service_manager"
FINANCE = "finance"
GENERAL_MANAGER = "general_manager"
ADMIN = "admin"

# Permissions that every signed-in employee has through any role. The apps add theirs in
# their own roles.py (crm/plugins.py): this file names only the shell's.
_EVERYONE = ("crm.view_region",)

ROLES: tuple[Role, ...] = (
    Role(
        REP,
        pgettext_lazy("role", "Rep"),
        _("Own customers, the pool, own tasks; collects surveys, fills cards, logs visits."),
        _EVERYONE,
    ),
    Role(
        TELESALES,
        pgettext_lazy("role", "Telesales rep"),
        _("Own call lists and daily call reports."),
        _EVERYONE,
    ),
    Role(
        SUPERVISOR,
        pgettext_lazy("role", "Supervisor"),
        _("The team's customers; reviews visit registers and plans."),
        (*_EVERYONE, "crm.view_team_members"),
    ),
    Role(
        SALES_MANAGER,
        pgettext_lazy("role", "Sales manager"),
        _("All sales customers; assigns and transfers; approves weekly plans."),
        (*_EVERYONE, "crm.view_team_members", "crm.share_savedview"),
    ),
    Role(
        SERVICE_DOCTOR,
        pgettext_lazy("role", "Service doctor"),
        _("Archive cards in custody, check-out and return, doctor visits, daily supervision."),
        _EVERYONE,
    ),
    Role(
        SERVICE_MANAGER,
        pgettext_lazy("role", "Service manager"),
        _("Custodian of the sealed surveys: stores them, does not read them."),
        _EVERYONE,
    ),
    Role(
        FINANCE,
        pgettext_lazy("role", "Finance"),
        _("Confirms payments; compensation notes; commission statements."),
        _EVERYONE,
    ),
    Role(
        GENERAL_MANAGER,
        pgettext_lazy("role", "General manager"),
        _("Approves access to sealed records; sees all reports."),
        (*_EVERYONE, "crm.view_team_members", "crm.view_all_teams", "crm.share_savedview"),
    ),
    Role(
        ADMIN,
        pgettext_lazy("role", "Administrator"),
        _("Django admin and the rule settings."),
        (
            *_EVERYONE,
            "crm.view_team_members",
            "crm.view_all_teams",
            "crm.view_heartbeat",
            "crm.add_region",
            "crm.change_region",
            "crm.delete_region",
            "crm.add_team",
            "crm.change_team",
            "crm.view_team",
            "crm.add_staffprofile",
            "crm.change_staffprofile",
            "crm.view_staffprofile",
            "crm.view_historicalregion",
            "crm.view_historicalteam",
            "crm.view_historicalstaffprofile",
            "crm.add_ruleparameter",
            "crm.change_ruleparameter",
            "crm.view_ruleparameter",
            "crm.delete_ruleparameter",
            "crm.view_smsmessage",
            "crm.view_notification",
            "crm.share_savedview",
            "auth.add_user",
            "auth.change_user",
            "auth.view_user",
            "auth.view_group",
            "django_q.view_schedule",
            "django_q.change_schedule",
            "django_q.view_success",
            "django_q.view_failure",
        ),
    ),
)

ROLE_BY_CODE = {role.code: role for role in ROLES}
ROLE_ORDER = [role.code for role in ROLES]


def all_roles() -> tuple[Role, ...]:
    """ROLES with the permissions feature apps add in their `roles.PERMISSIONS`."""
    extra: dict[str, list[str]] = {}
    for module in app_modules("roles"):
        for code, permissions in module.PERMISSIONS.items():
            if code not in ROLE_BY_CODE:
                raise LookupError(f"{module.__name__} names unknown role {code}")
            extra.setdefault(code, []).extend(permissions)
    return tuple(
        replace(role, permissions=(*role.permissions, *extra.get(role.code, ()))) for role in ROLES
    )


def role_label(code: str) -> str:
    role = ROLE_BY_CODE.get(code)
    return str(role.label) if role else code


def sync_roles(apps=None, *, strict: bool = True) -> None:
    """Create the role groups and give each exactly its declared permissions.

    Takes the migration's `apps` registry when called from a migration; there, permissions
    of models a later migration creates are skipped (`strict=False`). Permissions are
    created first: Django only creates them after all migrations have run. `migrate` also
    calls it at the end (post_migrate, strict), so the groups always match this file.
    """
    apps = apps or global_apps
    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        try:
            create_permissions(app_config, verbosity=0, apps=apps)
        finally:
            app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role in all_roles():
        group, _created = Group.objects.get_or_create(name=role.code)
        wanted = set()
        for dotted in role.permissions:
            app_label, codename = dotted.split(".", 1)
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is None:
                if not strict:
                    continue
                raise LookupError(f"Role {role.code} names unknown permission {dotted}")
            wanted.add(perm.pk)
        group.permissions.set(wanted)
