"""Seed the default award catalogue with its rules (awards/rules.py)."""

from __future__ import annotations

from django.db import migrations

from awards.rules import awards_ensure


def seed(apps, schema_editor):
    awards_ensure(apps.get_model("awards", "AwardType"), apps.get_model("awards", "AwardRule"))


class Migration(migrations.Migration):
    dependencies = [("awards", "0006_proposals")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
