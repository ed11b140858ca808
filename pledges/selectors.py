"""Access-checked reads of pledges."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet

from audit.access import get_scoped_or_404
from blocs.models import Membership, Unit
from blocs.scope import scope_for
from blocs.selectors import campaign_list_for_user
from jobs.models import Job

from .models import (
    Pledge,
    PledgeVersion,
    Signature,
    SigningDelegation,
    Target,
    TitleRegistration,
)

User = AbstractBaseUser | AnonymousUser


def units_delegated_to(*, user: User) -> set[int]:
    """Units whose commander lets ``user`` sign for them (a deputy holding no role)."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_portal_delegated_units", None)
    if cached is None:
        cached = set(
            SigningDelegation.objects.filter(delegate=user, revoked_at__isnull=True).values_list(
                "unit_id", flat=True
            )
        )
        user._portal_delegated_units = cached
    return cached


def pledge_list_for_user(*, user: User) -> QuerySet[Pledge]:
    campaigns = campaign_list_for_user(user=user).values("pk")
    visible = Q(campaign__in=campaigns)
    delegated = Membership.objects.filter(unit_id__in=units_delegated_to(user=user))
    for bloc_id, year in delegated.values_list("bloc_id", "year"):
        visible |= Q(campaign__bloc_id=bloc_id, campaign__year=year)
    return Pledge.objects.filter(visible).select_related(
        "campaign", "campaign__bloc", "campaign__bloc__command"
    )


def pledge_get_for_user(*, user: User, pk: int, for_write: bool = False) -> Pledge:
    pledge = get_scoped_or_404(pledge_list_for_user(user=user), pk=pk, user=user)
    if for_write and not pledge_can_manage(user=user, pledge=pledge):
        raise PermissionDenied
    return pledge


def pledge_can_manage(*, user: User, pledge: Pledge) -> bool:
    """The secretariat of the bloc's year (and administrators) draft and open the pledge."""
    campaign = pledge.campaign
    return scope_for(user).can_write_year(campaign.bloc_id, campaign.year)


def pledge_member_units(*, pledge: Pledge) -> QuerySet[Unit]:
    """The units that sign: the bloc's members in the campaign's year."""
    campaign = pledge.campaign
    members = Membership.objects.filter(bloc_id=campaign.bloc_id, year=campaign.year)
    return Unit.objects.filter(pk__in=members.values("unit_id")).order_by("name")


def units_user_signs_for(*, user: User, pledge: Pledge) -> list[Unit]:
    """The member units ``user`` may sign for: as their commander or as a delegate."""
    allowed = scope_for(user).commanded_unit_ids | units_delegated_to(user=user)
    return [unit for unit in pledge_member_units(pledge=pledge) if unit.pk in allowed]


def pledge_current_version(*, pledge: Pledge) -> PledgeVersion | None:
    return (
        pledge.versions.filter(superseded_at__isnull=True)
        .prefetch_related(Prefetch("signatures", queryset=Signature.objects.select_related("unit")))
        .first()
    )


@dataclass(frozen=True)
class BoardRow:
    unit: Unit
    signature: Signature | None
    registration: TitleRegistration | None


def signing_board(
    *, pledge: Pledge, version: PledgeVersion | None, units: list[Unit] | None = None
) -> list[BoardRow]:
    """One row a member unit (or each of ``units``, a page of them): its signature on
    ``version`` and its title registration."""
    signed = {s.unit_id: s for s in version.signatures.all()} if version else {}
    units = list(pledge_member_units(pledge=pledge)) if units is None else units
    registered = {
        r.unit_id: r for r in pledge.registrations.filter(unit_id__in=[u.pk for u in units])
    }
    return [BoardRow(unit, signed.get(unit.pk), registered.get(unit.pk)) for unit in units]


def pledge_targets(*, pledge: Pledge) -> QuerySet[Target]:
    return pledge.targets.select_related("unit")


def target_get_for_user(*, user: User, pk: int) -> Target:
    visible = Target.objects.filter(pledge__in=pledge_list_for_user(user=user).values("pk"))
    return get_scoped_or_404(visible.select_related("pledge__campaign", "unit"), pk=pk, user=user)


def pledge_document_job(*, pledge: Pledge, version: PledgeVersion | None) -> Job | None:
    """The newest print job of the version (the page shows its state or its download)."""
    if version is None:
        return None
    return (
        Job.objects.filter(
            kind="pledge_document", params__pledge=pledge.pk, params__version=version.number
        )
        .order_by("-created_at")
        .first()
    )
