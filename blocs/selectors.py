"""Access-checked reads: outsiders get 404, read-only users get 403 when asking to write."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When

from audit.access import get_scoped_or_404
from imports.models import ImportBatch
from jobs.models import Job

from .models import Bloc, Campaign, Membership, MembershipRole, Person, Unit
from .scope import Scope, scope_for

User = AbstractBaseUser | AnonymousUser


def unit_can_edit(*, user: AbstractBaseUser, unit: Unit) -> bool:
    scope = scope_for(user)
    if scope.is_admin:
        return True
    years = unit.memberships.values_list("bloc_id", "year")
    return any(scope.can_write_year(bloc_id, year) for bloc_id, year in years)


def person_can_edit(*, user: AbstractBaseUser, unit: Unit) -> bool:
    scope = scope_for(user)
    return unit.pk in scope.commanded_unit_ids or unit_can_edit(user=user, unit=unit)


def _visible_bloc_q(scope: Scope, prefix: str = "") -> Q:
    """Blocs the scope may read, as a filter on ``<prefix>bloc``."""
    if scope.is_admin:
        return Q()
    ids = scope.secretariat_bloc_ids | scope.member_bloc_ids
    return Q(**{f"{prefix}pk__in": ids}) | Q(**{f"{prefix}command_id__in": scope.command_ids})


def bloc_list_for_user(*, user: User) -> QuerySet[Bloc]:
    return Bloc.objects.filter(_visible_bloc_q(scope_for(user))).select_related("command")


def bloc_overview_for_user(*, user: User, year: int) -> list[dict[str, object]]:
    """A line per visible bloc: its member units in ``year`` and that year's campaigns (a
    command's twenty blocs read in one table, not 160 member units in a list)."""
    members = Membership.objects.filter(year=year, bloc=OuterRef("pk")).values("bloc")
    blocs = bloc_list_for_user(user=user).annotate(
        members=Subquery(members.annotate(n=Count("pk")).values("n"), IntegerField())
    )
    campaigns: dict[int, list[Campaign]] = {}
    for campaign in Campaign.objects.filter(year=year, bloc__in=blocs.values("pk")):
        campaigns.setdefault(campaign.bloc_id, []).append(campaign)
    return [
        {"bloc": bloc, "members": bloc.members or 0, "campaigns": campaigns.get(bloc.pk, [])}
        for bloc in blocs
    ]


def bloc_get_for_user(*, user: User, pk: int, for_write: bool = False) -> Bloc:
    bloc = get_scoped_or_404(bloc_list_for_user(user=user), pk=pk, user=user)
    if for_write and not scope_for(user).can_manage_bloc_now(bloc.pk):
        raise PermissionDenied
    return bloc


def bloc_years(*, bloc: Bloc) -> list[int]:
    """Years that have members or campaigns, newest first."""
    years = set(bloc.memberships.values_list("year", flat=True))
    years |= set(bloc.campaigns.values_list("year", flat=True))
    return sorted(years, reverse=True)


def blocs_writable_for_user(*, user: User) -> QuerySet[Bloc]:
    scope = scope_for(user)
    if scope.is_admin:
        return Bloc.objects.select_related("command")
    return Bloc.objects.filter(pk__in=scope.writable_years).select_related("command")


def _visible_unit_q(scope: Scope) -> Q:
    if scope.is_admin:
        return Q()
    via_blocs = Membership.objects.filter(
        Q(bloc_id__in=scope.secretariat_bloc_ids) | Q(bloc__command_id__in=scope.command_ids)
    ).values("unit_id")
    return Q(pk__in=scope.commanded_unit_ids) | Q(pk__in=via_blocs)


def unit_list_for_user(*, user: User) -> QuerySet[Unit]:
    return Unit.objects.filter(_visible_unit_q(scope_for(user)))


def unit_get_for_user(*, user: User, pk: int, for_write: bool = False) -> Unit:
    unit = get_scoped_or_404(unit_list_for_user(user=user), pk=pk, user=user)
    if for_write and not unit_can_edit(user=user, unit=unit):
        raise PermissionDenied
    return unit


def units_joinable_for_user(*, user: User, year: int) -> QuerySet[Unit]:
    """Units a manager may add to a bloc in ``year``: visible ones not yet in a bloc that year."""
    taken = Membership.objects.filter(year=year).values("unit_id")
    fresh = Unit.objects.filter(memberships__isnull=True)
    return (unit_list_for_user(user=user) | fresh).exclude(pk__in=taken).distinct()


def units_staffable_for_user(*, user: User) -> QuerySet[Unit]:
    """Units whose people the user may add or change."""
    scope = scope_for(user)
    if scope.is_admin:
        return Unit.objects.all()
    writable = Q()
    for bloc_id, years in scope.writable_years.items():
        writable |= Q(bloc_id=bloc_id, year__in=years)
    managed = Membership.objects.filter(writable).values("unit_id") if writable else []
    return Unit.objects.filter(Q(pk__in=scope.commanded_unit_ids) | Q(pk__in=managed))


def memberships_of_year(*, bloc: Bloc, year: int) -> QuerySet[Membership]:
    """A bloc's members in a year: the leader, the deputy, then the others by name."""
    role_order = Case(
        When(role=MembershipRole.LEADER, then=Value(0)),
        When(role=MembershipRole.DEPUTY, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        bloc.memberships.filter(year=year)
        .select_related("unit")
        .annotate(role_order=role_order)
        .order_by("role_order", "unit__name")
    )


def membership_list_for_user(*, user: User) -> QuerySet[Membership]:
    scope = scope_for(user)
    return Membership.objects.filter(_visible_bloc_q(scope, "bloc__")).select_related(
        "bloc", "unit"
    )


def membership_get_for_user(*, user: User, pk: int, for_write: bool = False) -> Membership:
    membership = get_scoped_or_404(membership_list_for_user(user=user), pk=pk, user=user)
    if for_write and not scope_for(user).can_write_year(membership.bloc_id, membership.year):
        raise PermissionDenied
    return membership


def campaign_list_for_user(*, user: User) -> QuerySet[Campaign]:
    scope = scope_for(user)
    return Campaign.objects.filter(_visible_bloc_q(scope, "bloc__")).select_related(
        "bloc", "bloc__command"
    )


def campaign_get_for_user(*, user: User, pk: int, for_write: bool = False) -> Campaign:
    campaign = get_scoped_or_404(campaign_list_for_user(user=user), pk=pk, user=user)
    if for_write and not scope_for(user).can_write_year(campaign.bloc_id, campaign.year):
        raise PermissionDenied
    return campaign


def person_list_for_user(*, user: User) -> QuerySet[Person]:
    visible_units = unit_list_for_user(user=user).values("pk")
    return Person.objects.filter(unit__in=visible_units).select_related("unit")


def person_get_for_user(*, user: User, pk: int, for_write: bool = False) -> Person:
    person = get_scoped_or_404(person_list_for_user(user=user), pk=pk, user=user)
    if for_write and not person_can_edit(user=user, unit=person.unit):
        raise PermissionDenied
    return person


def roster_can_request(*, user: User, bloc: Bloc) -> bool:
    scope = scope_for(user)
    return scope.is_admin or bloc.pk in scope.secretariat_bloc_ids


def job_list_for_user(*, user: User) -> QuerySet[Job]:
    scope = scope_for(user)
    bloc_name = Bloc.objects.filter(pk=OuterRef("bloc_id")).values("name")[:1]
    jobs = Job.objects.select_related("requested_by").annotate(bloc_name=Subquery(bloc_name))
    if scope.is_admin:
        return jobs
    if not user.is_authenticated:
        return jobs.none()
    return jobs.filter(Q(requested_by=user) | Q(bloc_id__in=scope.secretariat_bloc_ids))


def job_get_for_user(*, user: User, pk: UUID) -> Job:
    return get_scoped_or_404(job_list_for_user(user=user), pk=pk, user=user)


def import_can_run(*, user: User, bloc_id: int, year: int) -> bool:
    """Spreadsheet imports for a bloc: its secretariat of the year, and administrators."""
    return scope_for(user).can_write_year(bloc_id, year)


def import_batch_list_for_user(*, user: User) -> QuerySet[ImportBatch]:
    """Uploaded spreadsheets of the blocs whose secretariat the user's unit is or was (like the
    bloc's other records, read in every year it led), or all for administrators."""
    scope = scope_for(user)
    batches = ImportBatch.objects.select_related("uploaded_by", "applied_by")
    if scope.is_admin:
        return batches
    return batches.filter(bloc_id__in=scope.secretariat_bloc_ids)


def import_batch_get_for_user(*, user: User, pk: UUID) -> ImportBatch:
    return get_scoped_or_404(import_batch_list_for_user(user=user), pk=pk, user=user)
