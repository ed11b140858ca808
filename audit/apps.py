from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from emulation_portal.lib.search import fold_register

        from . import receivers  # noqa: F401  (login and logout events)

        # The log's search column is folded by the database itself, SQLite included.
        connection_created.connect(fold_register, dispatch_uid="portal_fold")
