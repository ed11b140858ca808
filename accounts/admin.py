from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from emulation_portal.lib.search import FoldedSearchMixin

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(FoldedSearchMixin, UserAdmin):
    """Django's user admin, with its search box (and the role admin's user autocomplete)
    reading names as Vietnamese: "nguyen van" finds "Nguyễn Văn"."""
