"""What every benchmark shares: a throw-away PostgreSQL database, dropped and made again."""

from __future__ import annotations

import sys


def prepare_database(url: str) -> None:
    """Drop and create the database of `url`; only PostgreSQL, only a name ending in "bench"."""
    import environ

    config = environ.Env.db_url_config(url)
    name = str(config["NAME"])
    if not config["ENGINE"].endswith("postgresql") or not name.endswith("bench"):
        sys.exit(f"Refusing to use {name!r}: a PostgreSQL database whose name ends in 'bench'.")
    import psycopg

    with psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
