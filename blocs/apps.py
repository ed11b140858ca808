from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlocsConfig(AppConfig):
    name = "blocs"
    verbose_name = _("Blocs and units")

    def ready(self) -> None:
        # Demo data, document jobs, to-dos, and the spreadsheet imports of units and people.
        from . import demo, documents, person_sheet, todos, unit_sheets  # noqa: F401
