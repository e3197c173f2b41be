"""WORK-6: the two-character pieces of every customer's name and organisation, searchable.

A column `name_grams` (customers.names.name_grams), filled for the customers there are by
this migration and kept by the services that write names from then on. On PostgreSQL a GIN
index over `string_to_array(name_grams, ' ')` finds the rows holding every piece of a
fragment: pg_trgm cannot serve a fragment of two characters, and pg_bigm is not packaged
here. Built CONCURRENTLY so a full table keeps taking writes, hence a non-atomic migration.
"""

import customers.models.customers
from django.db import migrations

from customers.names import name_grams

BATCH = 5000
INDEX = "customer_grams_gin"


def backfill(apps, schema_editor):
    customer = apps.get_model("customers", "Customer")
    last = 0
    while True:
        batch = list(
            customer.objects.filter(pk__gt=last)
            .order_by("pk")
            .only("pk", "name", "organisation")[:BATCH]
        )
        if not batch:
            return
        for row in batch:
            row.name_grams = name_grams(row.name, row.organisation)
        customer.objects.bulk_update(batch, ["name_grams"])
        last = batch[-1].pk


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON customers_customer "
        "USING gin (string_to_array(name_grams, ' '))"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("customers", "0001_squashed_0003_default_survey_template"),
    ]

    operations = [
        migrations.AddField(
            model_name="customer",
            name="name_grams",
            field=customers.models.customers.GramsField(
                blank=True, db_default="", default="", editable=False, verbose_name="name pieces"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, atomic=True, elidable=False),
        migrations.RunPython(create_index, drop_index, atomic=False, elidable=False),
    ]
