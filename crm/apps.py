from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrmConfig(AppConfig):
    name = "crm"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate  # deferred: signals connect in ready()

        from crm import checks  # noqa: F401  # deferred: ready() registers the system checks

        post_migrate.connect(_sync_roles, sender=self)


def _sync_roles(sender, **kwargs) -> None:
    """After every `migrate`, the role groups match crm/roles.py exactly."""
    from crm.roles import sync_roles  # deferred: roles reads every app, loaded by then

    sync_roles()
