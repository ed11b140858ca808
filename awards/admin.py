from __future__ import annotations

from django.contrib import admin

from .models import AwardRule, AwardType, PublicHoliday, VotingRule


@admin.register(VotingRule)
class VotingRuleAdmin(admin.ModelAdmin):
    """Rules are data an administrator keeps in line with the law (DESIGN.md section 4).

    Ballots and their records are deliberately not in the admin: nobody browses votes.
    """

    list_display = [
        "name",
        "quorum_percent",
        "threshold_percent",
        "threshold_base",
        "effective_from",
        "effective_to",
    ]
    search_fields = ["name", "legal_source"]


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
