"""Trigram indexes for customer search at a million rows (PostgreSQL only).

`customer_search` filters with `UPPER(name) LIKE UPPER('%term%')` (Django's icontains and
istartswith), `phone LIKE '%digits%'` and `name_pinyin LIKE 'term%'`. B-tree indexes serve
none of these on a non-C collation; GIN trigram indexes on the same expressions serve them
all, and PostgreSQL combines them with a BitmapOr. The duplicate check (INTAKE-9) compares a
contact's phone exactly: a plain index on it.

On SQLite nothing is done. The indexes are built CONCURRENTLY, so adding them to a full
table does not block writes; that needs a migration outside a transaction. The reverse
drops the indexes and leaves the pg_trgm extension, which other tables may use.
"""

from django.db import migrations

INDEXES = (
    ("customer_name_trgm", "customers_customer USING gin (UPPER(name) gin_trgm_ops)"),
    ("customer_org_trgm", "customers_customer USING gin (UPPER(organisation) gin_trgm_ops)"),
    ("customer_phone_trgm", "customers_customer USING gin (phone gin_trgm_ops)"),
    ("customer_pinyin_trgm", "customers_customer USING gin (name_pinyin gin_trgm_ops)"),
    ("customer_initials_trgm", "customers_customer USING gin (name_initials gin_trgm_ops)"),
    ("contact_phone_idx", "customers_contact (phone)"),
)


def create_indexes(apps, schema_editor, *, concurrently=True):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    how = "CONCURRENTLY " if concurrently else ""
    for name, target in INDEXES:
        schema_editor.execute(f"CREATE INDEX {how}IF NOT EXISTS {name} ON {target}")


def create_indexes_on_empty_tables(apps, schema_editor):
    """For the squashed migration: its tables are new and empty, so a plain CREATE INDEX
    is instant and may run inside the migration's transaction."""
    create_indexes(apps, schema_editor, concurrently=False)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _target in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("customers", "0001_initial")]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, atomic=False, elidable=False),
    ]
