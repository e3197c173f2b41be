"""The default follow-up schedules of VISIT-1…3, as rows an admin can change."""

from django.db import migrations


def add_rules(apps, schema_editor):
    from visits.defaults import default_rules_ensure

    default_rules_ensure(apps.get_model("visits", "VisitRule"))


class Migration(migrations.Migration):
    dependencies = [("visits", "0001_initial")]

    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
