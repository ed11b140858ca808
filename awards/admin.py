from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from emulation_portal.lib.search import FoldedSearchMixin

from .models import AwardRecord, AwardRule, AwardType, Initiative, PublicHoliday


class AwardRuleInline(admin.StackedInline):
    """Read-only here: rules change on the portal's rules page (/awards/rules/), which shows
    the pending proposals a change would affect before it is saved."""

    model = AwardRule
    fk_name = "award"
    extra = 0
    can_delete = False
    fields = [
        ("kind", "overridable"),
        ("numerator", "denominator", "comparison"),
        ("years", "required_awards"),
        "legal_source",
        ("effective_from", "effective_to"),
    ]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AwardType)
class AwardTypeAdmin(FoldedSearchMixin, admin.ModelAdmin):
    """The award catalogue and its rules (conditions, quotas) with their legal sources."""

    list_display = ["name", "category", "nominee_kind", "level", "issuing_authority", "active"]
    list_filter = ["category", "nominee_kind", "active"]
    search_fields = ["name", "code"]
    inlines = [AwardRuleInline]


@admin.register(PublicHoliday)
class PublicHolidayAdmin(FoldedSearchMixin, admin.ModelAdmin):
    """The calendar public notices count working days by: days off (holidays, nghỉ bù, days the
    Government's schedule gives off) and Saturdays worked in exchange (làm bù).

    2025 to 2027 are seeded (migration 0021); each row says its source, and the rule-based
    defaults are for an administrator to confirm against each year's official schedule.
    """

    list_display = ["date", "weekday", "kind", "name", "source"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    search_fields = ["name", "source"]

    @admin.display(description=_("weekday"), ordering="date")
    def weekday(self, holiday: PublicHoliday) -> str:
        return date_format(holiday.date, "l")


@admin.register(AwardRecord)
class AwardRecordAdmin(FoldedSearchMixin, admin.ModelAdmin):
    """Awards decided outside the portal, as the secretariat recorded them."""

    list_display = ["award", "year", "unit", "person", "decision_number", "authority", "source"]
    list_filter = ["source", "award", "year"]
    search_fields = ["decision_number", "unit__name", "person__full_name"]
    raw_id_fields = ["unit", "person", "recorded_by"]


@admin.register(Initiative)
class InitiativeAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "unit", "year", "level", "recognised_by"]
    list_filter = ["kind", "year"]
    search_fields = ["title", "recognised_by", "unit__name"]
    raw_id_fields = ["unit", "authors", "recorded_by"]
