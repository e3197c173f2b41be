"""Give the roles the customer, survey, card and sealing permissions (crm/roles.py)."""

from django.db import migrations


def sync(apps, schema_editor):
    from crm.roles import sync_roles

    sync_roles(apps, strict=False)


class Migration(migrations.Migration):
    dependencies = [
        ("crm", "0003_ruleparameter_historicalruleparameter"),
        ("customers", "0001_initial"),
        ("pools", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
