from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlocsConfig(AppConfig):
    name = "blocs"
    verbose_name = _("Blocs and units")

    def ready(self) -> None:
        from . import demo, documents, todos  # noqa: F401  (demo data, document jobs, to-dos)
