"""Set-based helpers that work on SQLite and PostgreSQL alike."""

from __future__ import annotations

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
