"""Set-based helpers that work on SQLite and PostgreSQL alike."""

from __future__ import annotations

from django.db import connection
from django.db.models import DateField, Func


class PlusDays(Func):
    """A date column plus a constant number of days, as a date, on either database."""

    output_field = DateField()

    def __init__(self, expression, days: int):
        super().__init__(expression)
        self.days = int(days)

    def as_sql(self, compiler, connection, **extra):
        inner, params = compiler.compile(self.source_expressions[0])
        return f"(({inner}) + CAST(%s AS integer))", (*params, self.days)

    def as_sqlite(self, compiler, connection, **extra):
        inner, params = compiler.compile(self.source_expressions[0])
        return f"date({inner}, %s)", (*params, f"{self.days:+d} days")


def insert_select(*, model, columns: list[str], select, constants: dict) -> int:
    """INSERT INTO model (columns…, constants…) SELECT … ON CONFLICT DO NOTHING.

    Like `pools.services._insert_select` (the house pattern), but rows a unique constraint
    already holds are skipped rather than failing: two runs at once, or a run after the
    request that made the same tasks, insert each task once. `select` is a values_list
    queryset giving `columns` in order; `constants` are the same for every row.
    """
    sql, params = select.query.sql_with_params()
    fields = {f.name: f for f in model._meta.concrete_fields}
    names = [fields[c].column for c in columns] + [fields[c].column for c in constants]
    values = [fields[c].get_db_prep_save(v, connection) for c, v in constants.items()]
    quote = connection.ops.quote_name
    placeholders = "".join(", %s" for _v in values)
    # "WHERE 1 = 1" keeps SQLite from reading ON CONFLICT as a join constraint.
    statement = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, names))}) "
        f"SELECT sub.*{placeholders} FROM ({sql}) AS sub WHERE 1 = 1 ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, (*values, *params))
        return cursor.rowcount
