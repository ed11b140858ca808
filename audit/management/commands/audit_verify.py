from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.models import AuditEvent
from audit.services import audit_verify


class Command(BaseCommand):
    help = "Check the audit log's hash chain: reports deleted, inserted or altered entries."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--head",
            type=Path,
            action="append",
            default=[],
            help="a file of heads printed by audit_head (one JSON line each); each must be there",
        )

    def handle(self, *args: Any, head: list[Path], **options: Any) -> None:
        problems = list(audit_verify(heads=[line for path in head for line in _heads(path)]))
        for problem in problems:
            self.stderr.write(f"entry {problem.seq}: {problem.problem}")
        if problems:
            raise CommandError(f"The audit log has been tampered with ({len(problems)} problems).")
        count = AuditEvent.objects.count()
        self.stdout.write(self.style.SUCCESS(f"The audit log is intact ({count} entries)."))


def _heads(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        heads = [json.loads(line) for line in lines if line.strip()]
        return [{"seq": int(head["seq"]), "hash": str(head["hash"])} for head in heads]
    except (OSError, ValueError, TypeError, KeyError) as error:
        raise CommandError(f"Cannot read the exported heads in {path}: {error!r}") from error
