"""The default survey template (filled in by the survey work)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("customers", "0002_search_indexes")]

    operations: list = []
