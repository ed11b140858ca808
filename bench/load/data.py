"""The load benchmark's data set: a command's blocs, units, people, proposals, decisions,
certificates and audit log, at a chosen size.

What goes through the portal's services, and what is bulk-created in the shape they give:

- through the services, because there are few of them and each is cheap: every bloc
  (``bloc_save``), unit and membership of each year (``unit_create``, ``membership_save``),
  campaign (``campaign_save``), the units' strength (``unit_strength_set``), and every
  certificate (``certificates_issue``, one call per decision: real serials ``KT2025-000123``
  in the decision's order, the text frozen from the award's template, one audit entry each);
- in bulk, because a service per row would take hours on the large set (each writes its own
  audit entry under the chain's row lock, and a proposal goes through five services with the
  rules checked on each): the people (as ``person_save`` makes them), the accounts and their
  roles, the proposals with their status and the ``ProposalEvent`` trail the state machine
  writes (draft → submitted → approved / returned / rejected → decided), the decisions (as
  ``certificates/demo.py`` makes the demo's), and the audit log, filled up to its size with
  the entries those services would have written and logins, chained and sealed with
  ``audit.chain.sealed_hash`` so that ``audit_verify`` finds it whole.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit import chain
from audit.models import AuditChainHead, AuditEvent
from awards.models import (
    AwardDecision,
    AwardRule,
    AwardType,
    Proposal,
    ProposalEvent,
    ProposalStatus,
)
from awards.rules import DOSSIER, awards_ensure
from blocs import services as bloc_services
from blocs.models import Bloc, Command, MembershipRole, Person, Rank, Role, RoleKind, Unit
from certificates.services import certificates_issue

YEAR = 2026
PASSWORD = "bench-load-2026"  # noqa: S105  (bench accounts on a bench database only)
ROLES = ("secretariat", "commander", "reviewer", "superior", "admin")
COMMAND = "Bộ Tổng Tham mưu"

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
FAMILY += ["Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Quốc", "Thanh", "Ngọc", "Hữu", "Xuân", "Thu", "Công"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hằng", "Hiếu", "Hoa", "Hùng"]
GIVEN += ["Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phúc", "Quân"]
POSITIONS = ["Trợ lý tác chiến", "Trợ lý chính trị", "Đại đội trưởng", "Trung đội trưởng"]
POSITIONS += ["Nhân viên kỹ thuật", "Chiến sĩ", "Tiểu đội trưởng", "Trợ lý hậu cần"]
UNIT_KINDS = ["Lữ đoàn", "Trung đoàn", "Tiểu đoàn", "Công ty", "Trường", "Ban Quản lý dự án"]
ACHIEVEMENT = "Hoàn thành tốt nhiệm vụ huấn luyện, sẵn sàng chiến đấu; chấp hành nghiêm kỷ luật."
# The year's proposals under way, in these proportions (draft, submitted, returned...).
UNDER_WAY = [
    (ProposalStatus.DRAFT, 3),
    (ProposalStatus.SUBMITTED, 3),
    (ProposalStatus.RETURNED, 1),
    (ProposalStatus.APPROVED, 2),
    (ProposalStatus.REJECTED, 1),
]
# The transitions the state machine records on the way to each status.
TRAIL = {
    ProposalStatus.DRAFT: [],
    ProposalStatus.SUBMITTED: [ProposalStatus.SUBMITTED],
    ProposalStatus.RETURNED: [ProposalStatus.SUBMITTED, ProposalStatus.RETURNED],
    ProposalStatus.APPROVED: [ProposalStatus.SUBMITTED, ProposalStatus.APPROVED],
    ProposalStatus.REJECTED: [ProposalStatus.SUBMITTED, ProposalStatus.REJECTED],
    ProposalStatus.DECIDED: [
        ProposalStatus.SUBMITTED,
        ProposalStatus.APPROVED,
        ProposalStatus.DECIDED,
    ],
}


@dataclass(frozen=True)
class Size:
    blocs: int
    units: int  # per bloc
    years: int  # the current one and those before it
    people: int  # per unit
    proposals: int  # the current year's, under way
    certificates: int  # decided proposals of the years before, one certificate each
    audit: int  # audit entries in all
    accounts: int = 9  # bench accounts per role: one per simulated user, one for query counts


SIZES = {
    # The issue's command: 20 blocs × 8 units, 6 years, 200 people a unit, 2,000 proposals,
    # 10,000 certificates, 300,000 audit entries.
    "large": Size(20, 8, 6, 200, 2_000, 10_000, 300_000),
    "small": Size(2, 4, 2, 20, 40, 100, 3_000),
    # For the smoke test: the same shape, a few rows of each.
    "tiny": Size(2, 2, 2, 3, 10, 6, 200, accounts=1),
}


@dataclass
class Built:
    """What the runner and the query counter need to know about the generated data."""

    accounts: dict[str, list[dict[str, str]]]  # role → [{"username", "key" (TOTP, hex)}]


def _years(size: Size) -> list[int]:
    return list(range(YEAR - size.years + 1, YEAR + 1))


def _user(username: str, password_hash: str, **extra: Any) -> Any:
    return get_user_model().objects.create(username=username, password=password_hash, **extra)


def organisation(size: Size, admin: Any) -> tuple[Command, list[Bloc], list[list[Unit]]]:
    """The command's blocs and units, every year's membership and campaign, through the
    services as an administrator makes them."""
    command = Command.objects.create(name=COMMAND, short_name="BTTM")
    blocs, units = [], []
    years = _years(size)
    for b in range(size.blocs):
        bloc = bloc_services.bloc_save(
            user=admin,
            data={
                "command": command,
                "name": f"Khối thi đua số {b + 1}",
                "document_code": f"KTĐ{b + 1}",
                "place": "Hà Nội",
                "description": "",
            },
        )
        members = []
        for u in range(size.units):
            number = b * size.units + u
            role = MembershipRole.LEADER if u == 0 else MembershipRole.MEMBER
            unit = bloc_services.unit_create(
                user=admin,
                data={
                    "name": f"{UNIT_KINDS[number % len(UNIT_KINDS)]} {101 + number}",
                    "short_name": "",
                    "is_active": True,
                },
                bloc=bloc,
                year=years[0],
                role=role,
            )
            for year in years[1:]:
                bloc_services.membership_save(
                    user=admin, data={"bloc": bloc, "year": year, "unit": unit, "role": role}
                )
            bloc_services.unit_strength_set(user=admin, unit=unit, year=YEAR, strength=size.people)
            members.append(unit)
        for year in years:
            bloc_services.campaign_save(
                user=admin,
                data={
                    "bloc": bloc,
                    "year": year,
                    "kind": "yearly",
                    "name": f"Phong trào Thi đua Quyết thắng năm {year}",
                    "theme": "Đoàn kết, kỷ cương, đột phá, sáng tạo, quyết thắng",
                    "focus_areas": "",
                    "key_activities": "",
                    "start_date": datetime.date(year, 1, 1),
                    "end_date": datetime.date(year, 12, 31),
                    "launch_place": "",
                    "launch_date": None,
                },
            )
        blocs.append(bloc)
        units.append(members)
    return command, blocs, units


def people(size: Size, units: list[Unit]) -> dict[int, list[Person]]:
    """Every unit's people, its commander first, in bulk (as ``person_save`` makes them)."""
    rng = random.Random(16)  # noqa: S311  (the same names every run, not a secret)
    rows = []
    for unit in units:
        for p in range(size.people):
            rows.append(
                Person(
                    unit=unit,
                    full_name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                    rank=Rank.COLONEL if p == 0 else rng.choice(list(Rank.values)),
                    position="Chỉ huy trưởng" if p == 0 else rng.choice(POSITIONS),
                    is_commander=p == 0,
                )
            )
    Person.objects.bulk_create(rows, batch_size=2000)
    by_unit: dict[int, list[Person]] = {unit.pk: [] for unit in units}
    for person in Person.objects.filter(unit__in=units).order_by("pk"):
        by_unit[person.unit_id].append(person)
    return by_unit


def accounts(
    size: Size, command: Command, blocs: list[Bloc], units: list[list[Unit]], password_hash: str
) -> dict[str, list[dict[str, str]]]:
    """The bench's logins, ``size.accounts`` per role, each with its own TOTP device (so that
    simulated users never replay each other's codes): the first bloc's secretariat (its
    leader's staff), the commander of its second unit, the command's reviewer and superior,
    and administrators."""
    leader, member = units[0][0], units[0][1]
    scopes: dict[str, dict[str, Any]] = {
        "secretariat": {"unit": leader},
        "commander": {"unit": member},
        "reviewer": {"command": command},
        "superior": {"command": command},
        "admin": {},
    }
    made: dict[str, list[dict[str, str]]] = {}
    for role in ROLES:
        made[role] = []
        for n in range(size.accounts):
            extra = {"is_superuser": True, "is_staff": True} if role == "admin" else {}
            user = _user(f"bench.{role}.{n}", password_hash, **extra)
            Role.objects.create(user=user, kind=getattr(RoleKind, role.upper()), **scopes[role])
            device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
            made[role].append({"username": user.username, "key": device.key})
    return made


def _events(proposal: Proposal, trail: list[str], actor: Any, at: datetime.datetime) -> Iterator:
    before = ProposalStatus.DRAFT
    for step, to in enumerate(trail):
        yield ProposalEvent(
            proposal=proposal,
            from_status=before,
            to_status=to,
            actor=actor,
            at=at + datetime.timedelta(days=3 * step),
            reason="Hồ sơ cần bổ sung biên bản họp xét." if to == ProposalStatus.RETURNED else "",
        )
        before = to


def _spread(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def decided(
    size: Size,
    blocs: list[Bloc],
    units: list[list[Unit]],
    staff: dict[int, Any],
    by_unit: dict[int, list[Person]],
) -> list[tuple[AwardDecision, list[Proposal]]]:
    """Each unit's yearly decision granting Chiến sĩ tiên tiến to some of its people, for every
    year before the current one: the decision and its recipients, decided, in bulk."""
    award = AwardType.objects.get(code="chien-si-tien-tien")
    past = _years(size)[:-1]
    pairs = [(bloc, unit) for bloc, members in zip(blocs, units, strict=True) for unit in members]
    shares = _spread(size.certificates, len(past) * len(pairs))
    made = []
    for y, year in enumerate(past):
        for i, (bloc, unit) in enumerate(pairs):
            share = shares[y * len(pairs) + i]
            if not share:
                continue
            commander = by_unit[unit.pk][0]
            decision = AwardDecision.objects.create(
                authority=unit.name,
                number=f"{1200 + i}/QĐ-{unit.pk}-{year}",
                date=datetime.date(year, 12, 20),
                signer_name=commander.full_name,
                signer_rank=commander.get_rank_display(),
                signer_position="Chỉ huy trưởng",
                place="Hà Nội",
                recorded_by=staff[unit.pk],
            )
            recipients = Proposal.objects.bulk_create(
                Proposal(
                    award=award,
                    bloc=bloc,
                    year=year,
                    unit=unit,
                    person=person,
                    nominated_by=staff[unit.pk],
                    status=ProposalStatus.DECIDED,
                    achievement=ACHIEVEMENT,
                    no_discipline=True,
                    documents=list(DOSSIER),
                    decision=decision,
                    decision_order=order,
                )
                for order, person in enumerate(by_unit[unit.pk][1 : share + 1], start=1)
            )
            at = datetime.datetime(year, 11, 1, 9, tzinfo=datetime.UTC)
            ProposalEvent.objects.bulk_create(
                event
                for proposal in recipients
                for event in _events(proposal, TRAIL[ProposalStatus.DECIDED], staff[unit.pk], at)
            )
            made.append((decision, recipients))
    return made


def under_way(
    size: Size,
    blocs: list[Bloc],
    units: list[list[Unit]],
    staff: dict[int, Any],
    by_unit: dict[int, list[Person]],
) -> None:
    """The current year's proposals in every status short of a decision, in bulk: most for
    people (Chiến sĩ tiên tiến, Giấy khen), the rest for units (Đơn vị tiên tiến)."""
    awards = [AwardType.objects.get(code=code) for code in ("chien-si-tien-tien", "giay-khen")]
    collective = AwardType.objects.get(code="don-vi-tien-tien")
    statuses = [status for status, weight in UNDER_WAY for _ in range(weight)]
    pairs = [(bloc, unit) for bloc, members in zip(blocs, units, strict=True) for unit in members]
    rows = []
    for i in range(size.proposals):
        bloc, unit = pairs[i % len(pairs)]
        nth = i // len(pairs)
        person = None if nth == 0 else by_unit[unit.pk][1 + (nth - 1) % (size.people - 1)]
        rows.append(
            Proposal(
                award=collective if person is None else awards[nth % 2],
                bloc=bloc,
                year=YEAR,
                unit=unit,
                person=person,
                nominated_by=staff[unit.pk],
                status=statuses[i % len(statuses)],
                achievement=ACHIEVEMENT,
                no_discipline=True,
                members_total=size.people if person is None else None,
                members_with_title=size.people * 3 // 5 if person is None else None,
                members_completed=person is None,
                documents=list(DOSSIER),
            )
        )
    Proposal.objects.bulk_create(rows, batch_size=1000)
    at = datetime.datetime(YEAR, 11, 1, 9, tzinfo=datetime.UTC)
    ProposalEvent.objects.bulk_create(
        (e for p in rows for e in _events(p, TRAIL[p.status], staff[p.unit_id], at)),
        batch_size=2000,
    )


def audit_fill(total: int, staff: list[Any]) -> None:
    """Append logins (and their second factor) until the log holds ``total`` entries,
    chained and sealed exactly as ``audit_record`` does, a day's worth at a time."""
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    missing = total - AuditEvent.objects.count()
    seq, last_hash = head.last_seq, head.last_hash
    start = timezone.now() - datetime.timedelta(days=365 * 6)
    step = datetime.timedelta(days=365 * 6) / max(missing, 1)
    batch = []
    for n in range(missing):
        user = staff[n % len(staff)]
        seq += 1
        event = AuditEvent(
            seq=seq,
            at=start + step * n,
            actor=user,
            actor_name=user.username,
            action="auth.login" if n % 2 == 0 else "2fa.verify",
            ip=f"10.16.{(n // 250) % 250}.{n % 250 + 1}",
            data={},
            prev_hash=last_hash,
        )
        event.hash = last_hash = chain.sealed_hash(event)
        batch.append(event)
        if len(batch) == 5000:
            AuditEvent.objects.bulk_create(batch)
            batch = []
    AuditEvent.objects.bulk_create(batch)
    head.last_seq, head.last_hash = seq, last_hash
    head.save(update_fields=["last_seq", "last_hash"])


def generate(size: Size, *, log: Any = print) -> Built:
    """Make the whole data set in the current (migrated, empty) database."""
    awards_ensure(AwardType, AwardRule)
    password_hash = make_password(PASSWORD)
    admin = _user("bench.generator", password_hash, is_superuser=True, is_staff=True)
    with transaction.atomic():
        command, blocs, units = organisation(size, admin)
    log(f"  {len(blocs)} blocs × {size.units} units, {size.years} years (services)")
    flat = [unit for members in units for unit in members]
    with transaction.atomic():
        by_unit = people(size, flat)
        made = accounts(size, command, blocs, units, password_hash)
        unusable = make_password(None)  # the units' own commanders never log in here
        commanders = get_user_model().objects.bulk_create(
            get_user_model()(username=f"chihuy.{unit.pk}", password=unusable) for unit in flat
        )
        Role.objects.bulk_create(
            Role(user=user, kind=RoleKind.COMMANDER, unit=unit)
            for user, unit in zip(commanders, flat, strict=True)
        )
    log(f"  {sum(map(len, by_unit.values()))} people, {len(commanders)} commanders (bulk)")
    staff = {unit.pk: user for unit, user in zip(flat, commanders, strict=True)}
    with transaction.atomic():
        decisions = decided(size, blocs, units, staff, by_unit)
        under_way(size, blocs, units, staff, by_unit)
    log(f"  {Proposal.objects.count()} proposals, {len(decisions)} decisions (bulk)")
    with transaction.atomic():
        for decision, recipients in decisions:
            certificates_issue(user=admin, decision=decision, proposals=recipients)
    log("  certificates issued per decision (certificates_issue)")
    with transaction.atomic():
        audit_fill(size.audit, commanders)
    log(f"  {AuditEvent.objects.count()} audit entries (chained, bulk)")
    # What autovacuum does to a live database within minutes of such writes: without the
    # tables' statistics the planner guesses a few rows where there are thousands.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return Built(accounts=made)
