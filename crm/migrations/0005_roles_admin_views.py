"""Administrators edit survey answer choices and see import jobs and the export log."""

from django.db import migrations


def sync(apps, schema_editor):
    from crm.roles import sync_roles

    sync_roles(apps, strict=False)


class Migration(migrations.Migration):
    dependencies = [
        ("crm", "0004_roles_customers"),
        ("customers", "0003_default_survey_template"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
