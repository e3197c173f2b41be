from django.apps import AppConfig
from django.db import connections
from django.utils.translation import gettext_lazy as _


class PoolsConfig(AppConfig):
    name = "pools"
    verbose_name = _("Ownership and the customer pool")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate  # deferred: signals connect in ready()

        post_migrate.connect(_default_pool, sender=self)


def _default_pool(sender, using="default", **kwargs) -> None:
    """After every `migrate` (and a test's flush) the default pool exists (POOL-9), once the
    pools' tables do (a `migrate auth` alone has none yet)."""
    from pools.models import Pool  # deferred: models load after apps
    from pools.services import pool_default_ensure  # deferred: models load after apps

    if Pool._meta.db_table in connections[using].introspection.table_names():
        pool_default_ensure()
