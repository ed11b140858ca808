from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self) -> None:
        # Register demo data, the dossier, to-dos and the award history's spreadsheet import.
        from . import demo, documents, history_import, todos  # noqa: F401
