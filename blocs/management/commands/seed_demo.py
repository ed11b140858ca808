from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from blocs.demo import DEMO_PASSWORD
from emulation_portal.lib.demo import load_all


class Command(BaseCommand):
    help = "Create the demo data (Bloc No. 4, 2026) and its accounts; safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.PORTAL_DEMO_DATA_ALLOWED:
            raise CommandError("Demo accounts have known passwords: refused outside local setups.")
        with transaction.atomic():
            accounts = load_all()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Accounts (password: {DEMO_PASSWORD}):")
        )
        for login, description in accounts:
            self.stdout.write(f"  {login:<16} {description}")
