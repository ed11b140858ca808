from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from emulation_portal.lib.pdf_signing import certificate_create


class Command(BaseCommand):
    help = "Make a self-signed PDF-signing certificate for a local setup (if none exists yet)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", default="Emulation Portal")
        parser.add_argument("--force", action="store_true", help="replace an existing file")

    def handle(self, *args: Any, organisation: str, force: bool, **options: Any) -> None:
        if not settings.PORTAL_DEMO_DATA_ALLOWED:
            raise CommandError("Production signs with the organisation's own certificate.")
        path = Path(settings.PORTAL_PDF_SIGNING_P12)
        if path.exists() and not force:
            self.stdout.write(f"Signing certificate already at {path}")
            return
        certificate_create(
            path=path, organisation=organisation, passphrase=settings.PORTAL_PDF_SIGNING_PASSPHRASE
        )
        self.stdout.write(self.style.SUCCESS(f"Self-signed signing certificate written to {path}"))
