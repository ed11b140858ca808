"""Backups of PostgreSQL and the media store, and proof that a backup restores.

A backup is a folder holding ``database.dump`` (pg_dump's custom format), ``media.tar.gz`` and
``manifest.json`` (checksums and the row count of every table). The row counts and the dump
come from one database snapshot, so a restore must reproduce them exactly.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import subprocess
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg2
from django.apps import apps
from django.conf import settings
from django.utils import timezone

DUMP, MEDIA, MANIFEST = "database.dump", "media.tar.gz", "manifest.json"


class BackupError(Exception):
    pass


def _db() -> dict[str, Any]:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError("Backups are made of PostgreSQL deployments (set DATABASE_URL).")
    return db


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = {**os.environ, "PGHOST": db.get("HOST") or "", "PGPORT": str(db.get("PORT") or "")}
    env.update({"PGUSER": db.get("USER") or "", "PGPASSWORD": db.get("PASSWORD") or ""})
    return env


def _connect(db: dict[str, Any], name: str | None = None) -> Any:
    return psycopg2.connect(
        dbname=name or db["NAME"],
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
    )


def _tables() -> list[str]:
    tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    return sorted(tables | {"django_migrations"})


def _count_rows(cursor: Any, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (our own table names)
        counts[table] = cursor.fetchone()[0]
    return counts


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def _owner_only() -> Iterator[None]:
    """Everything made inside (by us, pg_dump or tar) is readable by its owner only.

    A dump holds every account's password hash and the whole audit log. The umask belongs to
    the process: backups run from the management command, never inside a web worker.
    """
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def _dump(db: dict[str, Any], path: Path) -> dict[str, int]:
    """pg_dump into ``path``; return each table's row count in the same snapshot."""
    connection = _connect(db)
    try:
        connection.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _count_rows(cursor, _tables())
            subprocess.run(
                [
                    "pg_dump",
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    "--no-owner",
                    f"--file={path}",
                    db["NAME"],
                ],
                env=_pg_env(db),
                check=True,
                capture_output=True,
            )
    except subprocess.CalledProcessError as error:
        raise BackupError(f"pg_dump failed: {error.stderr.decode(errors='replace')}") from error
    finally:
        connection.close()
    return counts


def backup_create(*, target_dir: Path) -> Path:
    """Write a backup folder (mode 0700, files 0600) under ``target_dir``."""
    db = _db()
    folder = target_dir / f"portal-backup-{timezone.now():%Y%m%d-%H%M%S}"
    with _owner_only():
        folder.mkdir(mode=0o700, parents=True)
        folder.chmod(0o700)  # whatever the umask was when mkdir ran
        counts = _dump(db, folder / DUMP)
        media_root = Path(settings.MEDIA_ROOT)
        with tarfile.open(folder / MEDIA, "w:gz") as archive:
            if media_root.exists():
                archive.add(media_root, arcname="media")
        manifest = {
            "created_at": timezone.now().isoformat(),
            "database": db["NAME"],
            "row_counts": counts,
            "sha256": {name: _sha256(folder / name) for name in (DUMP, MEDIA)},
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        for path in folder.iterdir():
            path.chmod(0o600)
    return folder


@contextmanager
def _scratch_database(db: dict[str, Any]) -> Iterator[str]:
    name = f"portal_verify_{secrets.token_hex(6)}"
    admin = _connect(db, "postgres")
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def backup_verify(*, folder: Path) -> list[str]:
    """Restore the backup into an empty scratch database; return the problems found."""
    db = _db()
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    problems = [
        f"{name} does not match its checksum"
        for name, digest in manifest["sha256"].items()
        if not (folder / name).exists() or _sha256(folder / name) != digest
    ]
    if problems:
        return problems
    try:
        with tarfile.open(folder / MEDIA, "r:gz") as archive:
            archive.getmembers()
    except tarfile.TarError as error:
        return [f"{MEDIA} cannot be read: {error}"]
    with _scratch_database(db) as scratch:
        restore = subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                f"--dbname={scratch}",
                str(folder / DUMP),
            ],
            env=_pg_env(db),
            capture_output=True,
        )
        if restore.returncode != 0:
            return [f"pg_restore failed: {restore.stderr.decode(errors='replace')[:2000]}"]
        connection = _connect(db, scratch)
        try:
            with connection.cursor() as cursor:
                restored = _count_rows(cursor, sorted(manifest["row_counts"]))
        finally:
            connection.close()
    return [
        f"table {table}: {restored[table]} rows restored, {expected} backed up"
        for table, expected in manifest["row_counts"].items()
        if restored[table] != expected
    ]


def backup_restore(*, folder: Path) -> None:
    """Replace the database and the media store with the backup's (after verifying it)."""
    problems = backup_verify(folder=folder)
    if problems:
        raise BackupError("; ".join(problems))
    db = _db()
    subprocess.run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={db['NAME']}",
            str(folder / DUMP),
        ],
        env=_pg_env(db),
        check=True,
        capture_output=True,
    )
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / MEDIA, "r:gz") as archive:
        archive.extractall(media_root.parent / "restore-tmp", filter="data")
    extracted = media_root.parent / "restore-tmp" / "media"
    if extracted.exists():
        for path in extracted.rglob("*"):
            if path.is_file():
                destination = media_root / path.relative_to(extracted)
                destination.parent.mkdir(parents=True, exist_ok=True)
                path.replace(destination)
