from __future__ import annotations

from django.contrib import admin
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

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
    """The calendar public notices count working days by: days off (holidays, nghỉ bù, days the
    Government's schedule gives off) and Saturdays worked in exchange (làm bù).

    2025 to 2027 are seeded (migration 0018); each row says its source, and the rule-based
    defaults are for an administrator to confirm against each year's official schedule.
    """

    list_display = ["date", "weekday", "kind", "name", "source"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    search_fields = ["name", "source"]

    @admin.display(description=_("weekday"), ordering="date")
    def weekday(self, holiday: PublicHoliday) -> str:
        return date_format(holiday.date, "l")
