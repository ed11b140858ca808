from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ops.backup import BackupError, backup_create, backup_restore, backup_verify


class Command(BaseCommand):
    help = (
        "Back up PostgreSQL and the media store (create), prove a backup restores into an "
        "empty database (verify), or restore one (restore --yes)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create", "verify", "restore"])
        parser.add_argument("path", type=Path, help="create: parent folder; else: the backup")
        parser.add_argument("--yes", action="store_true", help="restore: replace current data")

    def handle(self, *args: Any, action: str, path: Path, yes: bool, **options: Any) -> None:
        try:
            if action == "create":
                folder = backup_create(target_dir=path)
                self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
                problems = backup_verify(folder=folder)
            elif action == "verify":
                problems = backup_verify(folder=path)
            else:
                if not yes:
                    raise CommandError("Restoring replaces the current data: add --yes.")
                backup_restore(folder=path)
                problems = []
        except BackupError as error:
            raise CommandError(str(error)) from error
        if problems:
            raise CommandError("The backup does not restore: " + "; ".join(problems))
        self.stdout.write(self.style.SUCCESS(f"{action}: the backup restores completely."))
