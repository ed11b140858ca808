from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.models import AuditEvent
from audit.services import audit_verify


class Command(BaseCommand):
    help = "Check the audit log's hash chain: reports deleted, inserted or altered entries."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = list(audit_verify())
        for problem in problems:
            self.stderr.write(f"entry {problem.seq}: {problem.problem}")
        if problems:
            raise CommandError(f"The audit log has been tampered with ({len(problems)} problems).")
        count = AuditEvent.objects.count()
        self.stdout.write(self.style.SUCCESS(f"The audit log is intact ({count} entries)."))
