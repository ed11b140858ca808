"""Vietnamese search on PostgreSQL (emulation_portal.lib.search): the fold function and the
audit log's search index.

``portal_fold(text)`` is ``lower(unaccent(text))`` declared IMMUTABLE, which an index needs:
unaccent itself is only STABLE because its rules file could change. If a PostgreSQL upgrade
ever changes those rules, REINDEX the indexes that use it. The function names unaccent with
the schema it is installed in, so a restore (which empties search_path) still finds it.

The index holds the same text as ``SearchDocument(*AUDIT_SEARCH_FIELDS)`` renders; pg_trgm
lets it answer the admin's word searches without reading 300,000 rows. It is built
CONCURRENTLY so that writing the log never waits for it, hence a migration outside a
transaction. SQLite needs none of this: the search registers a Python function there.

Both extensions are trusted since PostgreSQL 13: the owner of the database may create them.
Going backwards drops the index and the function and leaves the extensions.
"""

from __future__ import annotations

from django.db import migrations

EXTENSIONS = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
"""
SCHEMA = """
SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname = 'unaccent'
"""
FOLD = """
CREATE OR REPLACE FUNCTION portal_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT lower({schema}.unaccent('{schema}.unaccent'::regdictionary, $1)) $$
"""
INDEX = """
CREATE INDEX CONCURRENTLY IF NOT EXISTS audit_auditevent_search ON audit_auditevent
USING gin (portal_fold(
    COALESCE(actor_name, '') || ' ' || COALESCE(action, '') || ' ' || COALESCE(target_repr, '')
    || ' ' || COALESCE(target_id, '') || ' ' || COALESCE(HOST(ip), '')
) gin_trgm_ops)
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(EXTENSIONS)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(SCHEMA)
        schema = schema_editor.quote_name(cursor.fetchone()[0])
    schema_editor.execute(FOLD.format(schema=schema))
    schema_editor.execute(INDEX)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS audit_auditevent_search")
    schema_editor.execute("DROP FUNCTION IF EXISTS portal_fold(text)")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("audit", "0003_anchor_unsealed_entries")]
    operations = [migrations.RunPython(forwards, backwards)]
