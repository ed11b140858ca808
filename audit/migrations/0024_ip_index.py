"""An index on the audit log's address, for the admin's search by address (audit.selectors).

Built CONCURRENTLY on PostgreSQL so that writing the log never waits for it, hence a
migration outside a transaction; SQLite builds it plainly.
"""

from __future__ import annotations

from django.db import migrations, models

NAME = "audit_auditevent_ip"


def forwards(apps, schema_editor):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX {concurrently}IF NOT EXISTS {NAME} ON audit_auditevent (ip)"
    )


def backwards(apps, schema_editor):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"DROP INDEX {concurrently}IF EXISTS {NAME}")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("audit", "0023_search")]
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex("auditevent", models.Index(fields=["ip"], name=NAME))
            ],
            database_operations=[migrations.RunPython(forwards, backwards)],
        )
    ]
