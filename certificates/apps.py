from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from . import demo, documents  # noqa: F401  (the demo decision, the batch job)
