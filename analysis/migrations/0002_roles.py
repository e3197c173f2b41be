"""Give the roles the analysis permissions (analysis/roles.py)."""

from django.db import migrations


def sync(apps, schema_editor):
    from crm.roles import sync_roles

    sync_roles(apps, strict=False)


class Migration(migrations.Migration):
    dependencies = [
        ("analysis", "0001_initial"),
        ("crm", "0007_roles_deals"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
