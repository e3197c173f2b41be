"""Give the roles the points and commission permissions (performance/roles.py)."""

from django.db import migrations


def sync(apps, schema_editor):
    from crm.roles import sync_roles

    sync_roles(apps, strict=False)


class Migration(migrations.Migration):
    dependencies = [("performance", "0002_default_point_items"), ("crm", "0007_roles_deals")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
