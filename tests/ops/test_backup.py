"""Backups of PostgreSQL and media, proven by restoring into an empty database."""

from __future__ import annotations

import io
import json
import os
import stat
from collections.abc import Iterator
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


@pytest.fixture
def operator_umask() -> Iterator[None]:
    """The umask of a shell with the usual defaults: new files readable by everyone."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_a_fresh_backup_is_readable_by_its_owner_only(
    world: World, postgres: None, tmp_path: Path, settings: object, operator_umask: None
) -> None:
    (Path(settings.MEDIA_ROOT) / "jobs").mkdir(parents=True)
    (Path(settings.MEDIA_ROOT) / "jobs" / "danh-sach.pdf").write_bytes(b"%PDF-1.7")
    call_command("backup", "create", str(tmp_path), stdout=io.StringIO())
    [folder] = tmp_path.iterdir()
    paths = [folder, *folder.rglob("*")]
    assert {p.name for p in paths} >= {DUMP, MANIFEST, "media.tar.gz"}
    for path in paths:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path.name}: {oct(mode)}"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
