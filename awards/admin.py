from __future__ import annotations

from django.contrib import admin

from .models import AwardRecord, AwardRule, AwardType, Initiative, PublicHoliday


class AwardRuleInline(admin.StackedInline):
    model = AwardRule
    fk_name = "award"
    extra = 0
    fields = [
        ("kind", "overridable"),
        ("numerator", "denominator", "comparison"),
        ("years", "required_awards"),
        "legal_source",
        ("effective_from", "effective_to"),
    ]


@admin.register(AwardType)
class AwardTypeAdmin(admin.ModelAdmin):
    """The award catalogue and its rules (conditions, quotas) with their legal sources."""

    list_display = ["name", "category", "nominee_kind", "level", "issuing_authority", "active"]
    list_filter = ["category", "nominee_kind", "active"]
    search_fields = ["name", "code"]
    inlines = [AwardRuleInline]


@admin.register(PublicHoliday)
class PublicHolidayAdmin(admin.ModelAdmin):
    """Days a public-notice period does not count (weekends never count)."""

    list_display = ["date", "name"]
    date_hierarchy = "date"


@admin.register(AwardRecord)
class AwardRecordAdmin(admin.ModelAdmin):
    """Awards decided outside the portal, as the secretariat recorded them."""

    list_display = ["award", "year", "unit", "person", "decision_number", "authority", "source"]
    list_filter = ["source", "award", "year"]
    search_fields = ["decision_number", "unit__name", "person__full_name"]
    raw_id_fields = ["unit", "person", "recorded_by"]


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "unit", "year", "level", "recognised_by"]
    list_filter = ["kind", "year"]
    search_fields = ["title", "recognised_by", "unit__name"]
    raw_id_fields = ["unit", "authors", "recorded_by"]
