from __future__ import annotations

from django.contrib import admin

from emulation_portal.lib.search import FoldedSearchMixin

from .models import Bloc, Campaign, Command, Membership, Person, Role, Unit, UnitStrength


@admin.register(Command)
class CommandAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "short_name"]
    search_fields = ["name", "short_name"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Bloc)
class BlocAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "command", "document_code", "place"]
    list_filter = ["command"]
    search_fields = ["name", "command__name"]
    list_select_related = ["command"]
    inlines = [MembershipInline]


@admin.register(Unit)
class UnitAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "short_name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "short_name"]


@admin.register(Membership)
class MembershipAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["unit", "bloc", "year", "role"]
    list_filter = ["year", "role", "bloc"]
    search_fields = ["unit__name", "bloc__name"]
    list_select_related = ["unit", "bloc"]
    autocomplete_fields = ["unit", "bloc"]


@admin.register(Campaign)
class CampaignAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "bloc", "year", "kind", "start_date", "end_date"]
    list_filter = ["year", "kind", "bloc"]
    search_fields = ["name", "theme"]
    list_select_related = ["bloc"]
    date_hierarchy = "start_date"


@admin.register(Person)
class PersonAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["full_name", "rank", "position", "unit", "is_commander", "user"]
    list_filter = ["rank", "is_commander", "unit"]
    search_fields = ["full_name", "position", "unit__name"]
    list_select_related = ["unit", "user"]
    autocomplete_fields = ["unit", "user"]


@admin.register(Role)
class RoleAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["user", "kind", "unit", "command"]
    list_filter = ["kind"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    list_select_related = ["user", "unit", "command"]
    autocomplete_fields = ["user", "unit"]


@admin.register(UnitStrength)
class UnitStrengthAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["unit", "year", "strength", "recorded_by", "recorded_at"]
    list_filter = ["year"]
    search_fields = ["unit__name"]
    raw_id_fields = ["unit", "recorded_by"]
