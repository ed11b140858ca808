from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import admin
from django.contrib.admin.options import ShowFacets
from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from emulation_portal.lib.search import FoldedSearchMixin

from .models import SEARCH_FIELDS, AuditEvent
from .selectors import (
    KIND_CHOICES,
    AuditCount,
    audit_date_filter,
    audit_kind_filter,
    audit_newest_of_many,
    audit_search,
    audit_search_reads_words,
    audit_word_matches,
    parse_day,
    target_type_choices,
)


class KindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return KIND_CHOICES

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return audit_kind_filter(queryset, kind=self.value() or "")


class TargetTypeFilter(admin.SimpleListFilter):
    title = _("object type")
    parameter_name = "target_type"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return target_type_choices()

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        return queryset.filter(target_type=value) if value else queryset


class DateRangeFilter(admin.ListFilter):
    """Two days, from and to (included): a range of the log read from the index on ``at``."""

    title = _("date")
    template = "admin/audit/auditevent/date_range_filter.html"
    parameters = ("since", "until")

    def __init__(
        self, request: HttpRequest, params: dict[str, list[str]], model: Any, model_admin: Any
    ) -> None:
        super().__init__(request, params, model, model_admin)
        for name in self.parameters:
            if name in params:
                self.used_parameters[name] = params.pop(name)[-1]

    def has_output(self) -> bool:
        return True

    def expected_parameters(self) -> list[str]:
        return list(self.parameters)

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        since, until = (parse_day(self.used_parameters.get(name)) for name in self.parameters)
        return audit_date_filter(queryset, since=since, until=until)

    def choices(self, changelist: ChangeList) -> Iterator[dict[str, Any]]:
        kept = [(k, v) for k, v in changelist.params.items() if k not in self.parameters]
        yield {
            "since": self.used_parameters.get("since", ""),
            "until": self.used_parameters.get("until", ""),
            "kept": kept,
            "reset_url": changelist.get_query_string(remove=self.parameters),
            "selected": bool(self.used_parameters),
        }


class AuditPaginator(Paginator):
    """Pages without counting the whole log (``AuditCount``); a word search with many
    matches read newest first (``audit_newest_of_many``)."""

    def __init__(self, *args: Any, words: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.words = words

    def page(self, number: Any) -> Page:
        page = super().page(number)
        if self.words and self.capped:
            page.object_list = audit_newest_of_many(page.object_list)
        return page

    @cached_property
    def counted(self) -> AuditCount:
        return AuditCount(self.object_list)

    @cached_property
    def count(self) -> int:
        return self.counted.value

    @property
    def capped(self) -> bool:
        return self.counted.capped


@admin.register(AuditEvent)
class AuditEventAdmin(FoldedSearchMixin, admin.ModelAdmin):
    """Read-only: entries are searched and exported, never added, changed or deleted here.

    Fast at a million entries: no full count, a date range instead of the date hierarchy
    (which asked the database for every distinct day), filters with fixed choices instead of
    a ``DISTINCT`` over the log, searches that read an index (``audit.selectors``)."""

    list_display = ["seq", "at", "actor_name", "action", "target_type", "target_repr", "ip"]
    list_filter = [DateRangeFilter, KindFilter, TargetTypeFilter]
    search_fields = SEARCH_FIELDS
    search_help_text = _(
        "Words that begin a user, action, object or address; #123 finds entry 123, an "
        "address or an action such as auth.login finds exactly those."
    )
    show_full_result_count = False
    list_per_page = 50  # what an auditor reads before searching; a page of 100 took twice as long
    show_facets = ShowFacets.NEVER
    paginator = AuditPaginator
    readonly_fields = [f.name for f in AuditEvent._meta.fields if f.name != "search_text"]
    change_list_template = "admin/audit/auditevent/change_list.html"

    def get_paginator(
        self, request: HttpRequest, queryset: QuerySet, per_page: int, *args: Any, **kwargs: Any
    ) -> AuditPaginator:
        words = audit_search_reads_words(request.GET.get("q", ""))
        return AuditPaginator(queryset, per_page, *args, words=words, **kwargs)

    def get_ordering(self, request: HttpRequest) -> list[str]:
        # A date range is read along the index on the time, from its end. In the order of
        # the numbers, the database walked back from the newest entry through every later
        # one to reach the range (817,000 entries for a week in March).
        if any(request.GET.get(name) for name in DateRangeFilter.parameters):
            return ["-at", "-seq"]
        return list(super().get_ordering(request))

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        found = audit_search(queryset, query=search_term)
        if audit_search_reads_words(search_term):
            found = audit_word_matches(found)
        return found, False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
