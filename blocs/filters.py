"""Search and filters of the list pages (django-filter)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from emulation_portal.lib.search import search_filter

from .models import Bloc, Campaign, CampaignKind, Person, Rank, Unit


class SearchFilterSet(django_filters.FilterSet):
    """A free-text ``q`` over ``search_fields``, read as Vietnamese (lib.search)."""

    search_fields: tuple[str, ...] = ()
    q = django_filters.CharFilter(label=_("Search"), method="search")

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search_filter(queryset, fields=self.search_fields, query=value)


class BlocFilter(SearchFilterSet):
    search_fields = ("name", "command__name", "place")

    class Meta:
        model = Bloc
        fields = ["command"]


class UnitFilter(SearchFilterSet):
    search_fields = ("name", "short_name")
    bloc = django_filters.ModelChoiceFilter(
        label=_("bloc"), queryset=Bloc.objects.all(), field_name="memberships__bloc", distinct=True
    )
    year = django_filters.NumberFilter(
        label=_("year"), field_name="memberships__year", distinct=True
    )

    class Meta:
        model = Unit
        fields = ["is_active"]

    def __init__(self, *args: object, blocs: QuerySet[Bloc], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.filters["bloc"].queryset = blocs


class CampaignFilter(SearchFilterSet):
    search_fields = ("name", "theme")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=CampaignKind.choices)

    class Meta:
        model = Campaign
        fields = ["bloc", "year", "kind"]

    def __init__(self, *args: object, blocs: QuerySet[Bloc], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.filters["bloc"].queryset = blocs


class PersonFilter(SearchFilterSet):
    search_fields = ("full_name", "position")
    rank = django_filters.ChoiceFilter(label=_("rank"), choices=Rank.choices)

    class Meta:
        model = Person
        fields = ["unit", "rank", "is_commander"]

    def __init__(self, *args: object, units: QuerySet[Unit], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = units
