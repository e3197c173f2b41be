"""Set-based INSERT … SELECT, the one way the jobs write many rows in one statement.

Works on SQLite and PostgreSQL. The rows come from a queryset (or, where the ORM cannot
say it, from SQL over a queryset's SQL); the same statement adds the values every row
shares. `ignore_conflicts` skips the rows a unique constraint already holds, so a second
run, or two at once, inserts each row once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model, QuerySet


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def insert_select(
    *,
    model: type[Model],
    columns: Sequence[str],
    select: QuerySet | tuple[str, Sequence[Any]],
    constants: Mapping[str, Any] | None = None,
    ignore_conflicts: bool = False,
    fill_defaults: bool = False,
) -> int:
    """INSERT INTO model (columns…, constants…) SELECT …; the number of rows inserted.

    `columns` are the model's field names that `select` gives, in its order: a values_list
    queryset, or a (sql, params) pair for a SELECT the ORM cannot build (a window over
    aggregates). `constants` are the same for every row, adapted by their model field (a
    JSON or a datetime goes in as such). `fill_defaults` gives every other non-null column
    its field's default ("" for text), as the ORM's own inserts would.
    """
    fields = {f.name: f for f in model._meta.concrete_fields}
    constants = dict(constants or {})
    if fill_defaults:
        for name, field in fields.items():
            if name in columns or name in constants or field.primary_key or field.null:
                continue
            default = field.get_default()
            if default is not None:
                constants[name] = default
    if isinstance(select, QuerySet):
        sql, params = select.query.sql_with_params()
    else:
        sql, params = select
    names = [fields[c].column for c in columns] + [fields[c].column for c in constants]
    values = [fields[c].get_db_prep_save(v, connection) for c, v in constants.items()]
    placeholders = "".join(", %s" for _value in values)
    statement = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, names))}) "
        f"SELECT sub.*{placeholders} FROM ({sql}) AS sub"
    )
    if ignore_conflicts:
        # "WHERE 1 = 1": without a WHERE, SQLite reads ON CONFLICT as the join's constraint.
        statement += " WHERE 1 = 1 ON CONFLICT DO NOTHING"
    with connection.cursor() as cursor:
        cursor.execute(statement, (*values, *params))
        return max(cursor.rowcount, 0)
