"""Backups of PostgreSQL and media, proven by restoring into an empty database."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from blocs.models import Unit
from ops.backup import DUMP, MANIFEST, backup_create, backup_verify
from tests.conftest import World, require


@pytest.fixture
def postgres(transactional_db: None) -> None:
    require(connection.vendor == "postgresql", "backups are of PostgreSQL (set DATABASE_URL)")


def test_backup_restores_completely(
    world: World, postgres: None, tmp_path: Path, settings: object
) -> None:
    (Path(settings.MEDIA_ROOT) / "jobs").mkdir(parents=True)
    (Path(settings.MEDIA_ROOT) / "jobs" / "danh-sach.pdf").write_bytes(b"%PDF-1.7")
    folder = backup_create(target_dir=tmp_path)
    manifest = json.loads((folder / MANIFEST).read_text())
    assert manifest["row_counts"]["blocs_unit"] == Unit.objects.count()
    assert backup_verify(folder=folder) == []
    out = io.StringIO()
    call_command("backup", "verify", str(folder), stdout=out)
    assert "restores completely" in out.getvalue()


def test_a_damaged_backup_is_detected(world: World, postgres: None, tmp_path: Path) -> None:
    folder = backup_create(target_dir=tmp_path)
    dump = folder / DUMP
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    assert backup_verify(folder=folder) == [f"{DUMP} does not match its checksum"]
    with pytest.raises(CommandError):
        call_command("backup", "verify", str(folder), stdout=io.StringIO())
