"""Give the roles the deal, payment and credit permissions (crm/roles.py)."""

from django.db import migrations


def sync(apps, schema_editor):
    from crm.roles import sync_roles

    sync_roles(apps, strict=False)


class Migration(migrations.Migration):
    dependencies = [
        ("crm", "0006_historicalstaffprofile_commission_withheld_and_more"),
        ("deals", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
