from __future__ import annotations

from django.contrib import admin

from emulation_portal.lib.search import FoldedSearchMixin

from .models import Job


@admin.register(Job)
class JobAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["kind", "bloc_id", "year", "status", "progress", "requested_by", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["kind", "requested_by__username"]
    list_select_related = ["requested_by"]
    readonly_fields = [field.name for field in Job._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False
