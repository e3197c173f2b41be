"""Give the roles the visit permissions (visits/roles.py)."""

from django.db import migrations


def sync(apps, schema_editor):
    from crm.roles import sync_roles

    sync_roles(apps, strict=False)


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0002_default_visit_rules"),
        ("crm", "0007_roles_deals"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
