"""Seed the default voting rules (awards/rules.py); an administrator adjusts them."""

from __future__ import annotations

from django.db import migrations

from awards.rules import voting_rules_ensure


def seed(apps, schema_editor):
    voting_rules_ensure(apps.get_model("awards", "VotingRule"))


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
