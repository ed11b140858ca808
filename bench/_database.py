"""A database of the benchmark's own: SQLite in a temporary folder, or, when
``BENCH_DATABASE_URL`` names a PostgreSQL server, a new database on it that the benchmark
creates and drops. It never touches the database the URL itself names."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SERVER_URL = os.environ.get("BENCH_DATABASE_URL", "")


def database_name(prefix: str) -> str:
    """The benchmark's own database name, kept across the processes of one run."""
    return os.environ.get("BENCH_DATABASE") or f"{prefix}_{uuid.uuid4().hex[:8]}"


def database_url(name: str, work: Path, server_url: str = SERVER_URL) -> str:
    if not server_url:
        return f"sqlite:///{work / 'bench.sqlite3'}"
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))


def server_run(sql: str, server_url: str = SERVER_URL) -> None:
    """Run one statement on the server ``server_url`` names (autocommit)."""
    import psycopg2

    connection = psycopg2.connect(server_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql)
    connection.close()


def database_create(name: str, server_url: str = SERVER_URL) -> None:
    server_run(f'CREATE DATABASE "{name}"', server_url)


def database_drop(name: str, server_url: str = SERVER_URL) -> None:
    server_run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', server_url)
