from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from emulation_portal.lib.search import FoldedSearchMixin

from .models import SEARCH_FIELDS, AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(FoldedSearchMixin, admin.ModelAdmin):
    """Read-only: entries are searched and exported, never added, changed or deleted here."""

    list_display = ["seq", "at", "actor_name", "action", "target_type", "target_repr", "ip"]
    list_filter = ["action", "target_type"]
    search_fields = SEARCH_FIELDS
    date_hierarchy = "at"
    readonly_fields = [field.name for field in AuditEvent._meta.fields]
    change_list_template = "admin/audit/auditevent/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
