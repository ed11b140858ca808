"""The trigram index moves from the folding expression (migration 0023) to the stored column
(0025): a search compares stored text instead of folding every candidate row again, and the
planner reads the column's statistics to tell a common word from a rare one.

Built CONCURRENTLY on PostgreSQL so that writing the log never waits for it, hence a
migration outside a transaction. SQLite needs no index: its search reads every row.
"""

from __future__ import annotations

from django.db import migrations

NEW = """
CREATE INDEX CONCURRENTLY IF NOT EXISTS audit_auditevent_search_text ON audit_auditevent
USING gin (search_text gin_trgm_ops)
"""
OLD = """
CREATE INDEX CONCURRENTLY IF NOT EXISTS audit_auditevent_search ON audit_auditevent
USING gin (portal_fold(
    COALESCE(actor_name, '') || ' ' || COALESCE(action, '') || ' ' || COALESCE(target_repr, '')
    || ' ' || COALESCE(target_id, '') || ' ' || COALESCE(HOST(ip), '')
) gin_trgm_ops)
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(NEW)
    schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS audit_auditevent_search")
    schema_editor.execute("ANALYZE audit_auditevent")  # the new column's statistics


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(OLD)
    schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS audit_auditevent_search_text")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("audit", "0025_search_text")]
    operations = [migrations.RunPython(forwards, backwards)]
