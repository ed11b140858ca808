from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from blocs.demo import DEMO_PASSWORD
from emulation_portal.lib import demo


class Command(BaseCommand):
    help = "Create the demo data (Bloc No. 4, 2026) and its accounts; safe to run again."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="First put the portal back to its first state: every record deleted and the "
            "database migrated afresh, uploaded and generated files, ballot keys and queued "
            "tasks deleted. Only the local settings allow it; stop the portal first.",
        )

    def handle(self, *args: Any, reset: bool = False, **options: Any) -> None:
        if not settings.PORTAL_DEMO_DATA_ALLOWED:
            raise CommandError("Demo accounts have known passwords: refused outside local setups.")
        if reset:
            if not settings.PORTAL_DEMO_RESET_ALLOWED:
                raise CommandError(
                    "Resetting deletes every record and file: only the local settings allow it."
                )
            self.stdout.write("Deleting every record and file, then migrating afresh…")
            demo.reset()
        with transaction.atomic():
            accounts = demo.load_all()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Accounts (password: {DEMO_PASSWORD}):")
        )
        for login, description in accounts:
            self.stdout.write(f"  {login:<16} {description}")
