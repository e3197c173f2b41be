"""Give the roles their telesales permissions (telesales/roles.py)."""

from django.db import migrations


def sync(apps, schema_editor):
    from crm.roles import sync_roles

    sync_roles(apps, strict=False)


class Migration(migrations.Migration):
    dependencies = [("telesales", "0001_initial")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
