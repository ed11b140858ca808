from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from emulation_portal.lib.search import FoldedSearchMixin

from .models import Certificate


@admin.register(Certificate)
class CertificateAdmin(FoldedSearchMixin, admin.ModelAdmin):
    """Issued certificates, to look up a serial. Read-only: a certificate's serial and text
    never change once issued (reprints must be exact); templates are edited on the portal's
    own page, which refuses unknown fields."""

    list_display = ["serial", "proposal", "issued_at"]
    search_fields = ["serial", "proposal__person__full_name", "proposal__unit__name"]
    readonly_fields = ["proposal", "serial", "lines", "issued_at", "issued_by"]
    exclude = ["code"]  # the public check's secret: not shown to browse

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
