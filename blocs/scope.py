"""Who may see and change what: one computation per request, used by every selector.

Rules (DESIGN.md section 2):
- administrators see and change everything;
- secretariat staff belong to a unit and manage a bloc in the years that unit leads it; when no
  leader is set yet for the next year, the current leader prepares it (the hand-over). They see
  every year of the blocs their unit has led, read-only outside their own years;
- commanders see their own unit's data (and read their bloc and its campaigns);
- reviewers and superiors read every bloc of their command; reviewers also review, decide,
  revoke and print there, while the superior command only reads;
- a role with no scope assigned grants nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q
from django.utils import timezone

from .models import COMMAND_ROLES, Membership, MembershipRole, Role, RoleKind

ROLE_PRIORITY = [
    RoleKind.ADMIN,
    RoleKind.SECRETARIAT,
    RoleKind.REVIEWER,
    RoleKind.SUPERIOR,
    RoleKind.COMMANDER,
]


@dataclass(frozen=True)
class Scope:
    is_admin: bool = False
    kinds: frozenset[str] = frozenset()
    # Commands whose blocs the user reads (reviewer or superior), and acts in (reviewer only).
    command_ids: frozenset[int] = frozenset()
    review_command_ids: frozenset[int] = frozenset()
    commanded_unit_ids: frozenset[int] = frozenset()
    secretariat_unit_ids: frozenset[int] = frozenset()
    # Blocs seen as secretariat, as a commander's bloc, or through a command.
    secretariat_bloc_ids: frozenset[int] = frozenset()
    member_bloc_ids: frozenset[int] = frozenset()
    # bloc id -> the years the user's secretariat may change.
    writable_years: dict[int, frozenset[int]] = field(default_factory=dict)

    @property
    def primary_role(self) -> str | None:
        for kind in ROLE_PRIORITY:
            if kind in self.kinds:
                return kind
        return None

    def can_write_year(self, bloc_id: int, year: int) -> bool:
        return self.is_admin or year in self.writable_years.get(bloc_id, frozenset())

    def can_manage_bloc_now(self, bloc_id: int) -> bool:
        """Changes that are not tied to a year (the bloc, its units' records) need this year."""
        return self.can_write_year(bloc_id, timezone.localdate().year)

    @property
    def manages_any_bloc(self) -> bool:
        return self.is_admin or bool(self.writable_years)


def scope_for(user: AbstractBaseUser | AnonymousUser) -> Scope:
    """The user's scope, computed once per user object (so once per request)."""
    if not user.is_authenticated or not user.is_active:
        return Scope()
    cached = getattr(user, "_portal_scope", None)
    if cached is None:
        cached = _compute_scope(user)
        user._portal_scope = cached
    return cached


def _compute_scope(user: AbstractBaseUser) -> Scope:
    roles = list(
        Role.objects.filter(user=user).order_by().values_list("kind", "unit_id", "command_id")
    )
    kinds = frozenset(kind for kind, _, _ in roles)
    is_admin = user.is_superuser or RoleKind.ADMIN in kinds
    if user.is_superuser:
        kinds |= {RoleKind.ADMIN}
    commanded = frozenset(u for k, u, _ in roles if k == RoleKind.COMMANDER and u)
    secretariat_units = frozenset(u for k, u, _ in roles if k == RoleKind.SECRETARIAT and u)
    commands = frozenset(c for k, _, c in roles if k in COMMAND_ROLES and c)
    reviewed = frozenset(c for k, _, c in roles if k == RoleKind.REVIEWER and c)

    member_blocs, lead_years, leaders = _memberships(commanded, secretariat_units)
    writable = _with_hand_over(lead_years, leaders)
    return Scope(
        is_admin=is_admin,
        kinds=kinds,
        command_ids=commands,
        review_command_ids=reviewed,
        commanded_unit_ids=commanded,
        secretariat_unit_ids=secretariat_units,
        secretariat_bloc_ids=frozenset(lead_years),
        member_bloc_ids=member_blocs,
        writable_years=writable,
    )


def _memberships(
    commanded: frozenset[int], secretariat_units: frozenset[int]
) -> tuple[frozenset[int], dict[int, set[int]], dict[int, set[int]]]:
    """One query: the blocs of the commanded units; the years each bloc was led by one of the
    secretariat's units; and every year any unit leads those blocs (for the hand-over)."""
    member_blocs: set[int] = set()
    lead_years: dict[int, set[int]] = defaultdict(set)
    leaders: dict[int, set[int]] = defaultdict(set)
    if not (commanded or secretariat_units):
        return frozenset(), lead_years, leaders
    led_blocs = (
        Membership.objects.filter(unit_id__in=secretariat_units, role=MembershipRole.LEADER)
        .order_by()
        .values("bloc_id")
    )
    rows = (
        Membership.objects.filter(
            Q(unit_id__in=commanded) | Q(bloc_id__in=led_blocs, role=MembershipRole.LEADER)
        )
        .order_by()  # the model's ordering joins the bloc and the unit for nothing here
        .values_list("bloc_id", "unit_id", "year", "role")
    )
    for bloc_id, unit_id, year, role in rows:
        if unit_id in commanded:
            member_blocs.add(bloc_id)
        if role == MembershipRole.LEADER:
            leaders[bloc_id].add(year)
            if unit_id in secretariat_units:
                lead_years[bloc_id].add(year)
    return frozenset(member_blocs), lead_years, leaders


def _with_hand_over(
    lead_years: dict[int, set[int]], leaders: dict[int, set[int]]
) -> dict[int, frozenset[int]]:
    """Add the year after each led year whose leader is not chosen yet."""
    return {
        bloc: frozenset(years | {year + 1 for year in years if year + 1 not in leaders[bloc]})
        for bloc, years in lead_years.items()
    }
