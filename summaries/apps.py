from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SummariesConfig(AppConfig):
    name = "summaries"
    verbose_name = _("Year-end summaries")

    def ready(self) -> None:
        from . import documents  # noqa: F401  (register the summary job)
