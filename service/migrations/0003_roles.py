"""Give the roles the after-sales service permissions (service/roles.py)."""

from django.db import migrations


def sync(apps, schema_editor):
    from crm.roles import sync_roles

    sync_roles(apps, strict=False)


class Migration(migrations.Migration):
    dependencies = [
        ("service", "0002_default_catalogues"),
        ("crm", "0007_roles_deals"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
