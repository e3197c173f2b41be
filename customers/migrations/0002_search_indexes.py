"""Search indexes (filled in by the customer-search work)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("customers", "0001_initial")]

    operations: list = []
