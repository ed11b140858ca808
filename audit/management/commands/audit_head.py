from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from audit.services import audit_head


class Command(BaseCommand):
    help = (
        "Print the audit chain's head (the newest entry's number and sealed hash) as one JSON "
        "line. Append it, from cron, to a file kept away from the database; "
        "`audit_verify --head FILE` then catches the newest entries being deleted."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(json.dumps(audit_head()))
