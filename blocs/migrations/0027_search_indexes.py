"""Trigram indexes for the people and units lists' searches on PostgreSQL.

Each holds the text ``SearchDocument`` renders for the list's search fields (``PersonFilter``:
full name and position; ``UnitFilter`` and the units' admin and autocomplete: name and short
name), so "nguyen van" over 100,000 people reads the index, not the table. Built
CONCURRENTLY, outside a transaction; nothing on SQLite.
"""

from __future__ import annotations

from django.db import migrations

INDEXES = {
    "blocs_person_search": (
        "blocs_person",
        "COALESCE(full_name, '') || ' ' || COALESCE(position, '')",
    ),
    "blocs_unit_search": ("blocs_unit", "COALESCE(name, '') || ' ' || COALESCE(short_name, '')"),
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, text) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {table} "
            f"USING gin (portal_fold({text}) gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("blocs", "0007_unit_strength"), ("audit", "0023_search")]
    operations = [migrations.RunPython(forwards, backwards)]
