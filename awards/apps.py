from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Evaluation and awards")

    def ready(self) -> None:
        from . import demo  # noqa: F401  (registers the default rules for the demo)
