from __future__ import annotations

from django.contrib import admin

from .models import AwardRule, AwardType, PublicHoliday


class AwardRuleInline(admin.TabularInline):
    model = AwardRule
    extra = 0


@admin.register(AwardType)
class AwardTypeAdmin(admin.ModelAdmin):
    """The award catalogue and its rules (conditions, quotas) with their legal sources."""

    list_display = ["name", "nominee_kind", "level", "issuing_authority", "active"]
    list_filter = ["nominee_kind", "active"]
    search_fields = ["name", "code"]
    inlines = [AwardRuleInline]


@admin.register(PublicHoliday)
class PublicHolidayAdmin(admin.ModelAdmin):
    """Days a public-notice period does not count (weekends never count)."""

    list_display = ["date", "name"]
    date_hierarchy = "date"
