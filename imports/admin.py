from __future__ import annotations

from django.contrib import admin

from emulation_portal.lib.search import FoldedSearchMixin

from .models import ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(FoldedSearchMixin, admin.ModelAdmin):
    """Uploaded spreadsheets, read-only: they change only through the import pages."""

    list_display = ["name", "kind", "bloc_id", "year", "status", "uploaded_by", "uploaded_at"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "sha256", "uploaded_by__username"]
    list_select_related = ["uploaded_by"]
    exclude = ["preview"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
