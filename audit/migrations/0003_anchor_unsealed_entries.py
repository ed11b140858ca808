"""Seal the entries written before PORTAL_AUDIT_KEY with one anchor entry (audit.chain)."""

from __future__ import annotations

from django.db import migrations


def anchor(apps, schema_editor):
    from audit.chain import anchor_unsealed

    anchor_unsealed(
        events=apps.get_model("audit", "AuditEvent"),
        heads=apps.get_model("audit", "AuditChainHead"),
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]
    # Backwards: the anchor stays (entries are append-only); the older code ignores it.
    operations = [migrations.RunPython(anchor, migrations.RunPython.noop)]
