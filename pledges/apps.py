from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    name = "pledges"
    verbose_name = _("Emulation pledges")

    def ready(self) -> None:
        from . import demo, documents, todos  # noqa: F401  (demo pledge, its PDF, to-dos)
