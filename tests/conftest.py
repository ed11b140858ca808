"""Actors and worlds shared by the tests, and the rule that CI never skips.

With PORTAL_REQUIRE_SERVICES=1 (set by .ci/run) a missing PostgreSQL, Redis or browser fails
the run instead of skipping tests.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from blocs.models import Bloc, Command, MembershipRole, Rank, RoleKind, Unit
from tests.factories import (
    BlocFactory,
    CommandFactory,
    MembershipFactory,
    PersonFactory,
    RoleFactory,
    UnitFactory,
    UserFactory,
)

STRICT = os.environ.get("PORTAL_REQUIRE_SERVICES") == "1"
YEAR = 2026


def require(condition: bool, reason: str) -> None:
    """Skip a test whose real service is missing, or fail it in CI."""
    if condition:
        return
    if STRICT:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def pytest_configure(config: pytest.Config) -> None:
    if STRICT and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise pytest.UsageError("PORTAL_REQUIRE_SERVICES=1 needs DATABASE_URL for PostgreSQL")
    if STRICT and not os.environ.get("REDIS_URL"):
        raise pytest.UsageError("PORTAL_REQUIRE_SERVICES=1 needs REDIS_URL")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    skipped = terminalreporter.stats.get("skipped", [])
    if skipped and not STRICT:
        terminalreporter.write_line(
            f"{len(skipped)} test(s) skipped because a real service is missing here "
            "(see the 'SKIPPED' lines above); CI runs them all against PostgreSQL and Redis."
        )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if STRICT and reporter and reporter.stats.get("skipped"):
        reporter.write_line("CI must not skip tests: failing the run.", red=True)
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _media_root(settings: object, tmp_path_factory: pytest.TempPathFactory) -> None:
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    settings.PORTAL_BALLOT_KEY_DIR = str(tmp_path_factory.mktemp("ballot-keys"))


@pytest.fixture(scope="session")
def signing_certificate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A self-signed PDF-signing certificate, made once for the whole run."""
    from emulation_portal.lib.pdf_signing import certificate_create

    path = tmp_path_factory.mktemp("signing") / "test.p12"
    certificate_create(path=path, organisation="Khối thi đua số 4 (kiểm thử)", passphrase="bí mật")
    return path


@pytest.fixture(autouse=True)
def _signing(settings: object, signing_certificate: Path) -> None:
    settings.PORTAL_PDF_SIGNING_P12 = str(signing_certificate)
    settings.PORTAL_PDF_SIGNING_PASSPHRASE = "bí mật"


@dataclass
class World:
    """Two commands, each with a bloc of two units, and one actor per role and scope."""

    command: Command
    other_command: Command
    bloc: Bloc
    other_bloc: Bloc
    leader_unit: Unit
    member_unit: Unit
    other_unit: Unit
    users: dict[str, object]

    def client(self, actor: str) -> Client:
        client = Client()
        if actor != "anonymous":
            client.force_login(self.users[actor])
            session_settle(client)
        return client


def session_settle(client: Client) -> None:
    """Record in a forced login's session the address and browser the client will send, as a
    login through the page would: else its first request saves them, and a test comparing
    that request's queries with a later one's would count the session's bookkeeping."""
    store = import_module(settings.SESSION_ENGINE).SessionStore(
        session_key=client.cookies[settings.SESSION_COOKIE_NAME].value,
        ip="127.0.0.1",
        user_agent="",
    )
    store.save()


@pytest.fixture
def world(db: None) -> World:
    return world_create()


def world_create() -> World:
    """The world's rows (also made outside pytest, by tests/outages.py)."""
    command, other_command = CommandFactory(), CommandFactory()
    bloc, other_bloc = BlocFactory(command=command), BlocFactory(command=other_command)
    leader_unit, member_unit = UnitFactory(), UnitFactory()
    other_leader, other_unit = UnitFactory(), UnitFactory()
    MembershipFactory(bloc=bloc, unit=leader_unit, year=YEAR, role=MembershipRole.LEADER)
    MembershipFactory(bloc=bloc, unit=member_unit, year=YEAR)
    MembershipFactory(bloc=other_bloc, unit=other_leader, year=YEAR, role=MembershipRole.LEADER)
    MembershipFactory(bloc=other_bloc, unit=other_unit, year=YEAR)
    roles = {
        "secretariat": dict(kind=RoleKind.SECRETARIAT, unit=leader_unit),
        "other_secretariat": dict(kind=RoleKind.SECRETARIAT, unit=other_leader),
        "commander": dict(kind=RoleKind.COMMANDER, unit=member_unit),
        "other_commander": dict(kind=RoleKind.COMMANDER, unit=other_unit),
        "reviewer": dict(kind=RoleKind.REVIEWER, command=command),
        "other_reviewer": dict(kind=RoleKind.REVIEWER, command=other_command),
        "superior": dict(kind=RoleKind.SUPERIOR, command=command),
        "unscoped": dict(kind=RoleKind.REVIEWER),
    }
    users = {"admin": UserFactory(username="admin", is_superuser=True, is_staff=True)}
    for name, role in roles.items():
        users[name] = UserFactory(username=name)
        RoleFactory(user=users[name], **role)
    return World(
        command=command,
        other_command=other_command,
        bloc=bloc,
        other_bloc=other_bloc,
        leader_unit=leader_unit,
        member_unit=member_unit,
        other_unit=other_unit,
        users=users,
    )


def leader_commander_create(world: World) -> object:
    """A commander for the leading unit (the world has none), as ``leader_commander``."""
    user = UserFactory(username="leader_commander")
    RoleFactory(user=user, kind=RoleKind.COMMANDER, unit=world.leader_unit)
    PersonFactory(
        unit=world.leader_unit,
        full_name="Nguyễn Văn Thành",
        rank=Rank.SENIOR_COLONEL,
        position="Hiệu trưởng",
        is_commander=True,
        user=user,
    )
    world.users["leader_commander"] = user
    return user


@pytest.fixture
def redis_url() -> str:
    require(bool(settings.REDIS_URL), "REDIS_URL is not set: no real Redis")
    return settings.REDIS_URL


@pytest.fixture
def bloc_of_five(world: World) -> list[object]:
    """The world's bloc grown to five member units, each with its commander account."""
    units = [world.leader_unit, world.member_unit]
    world.users["commander_0"] = RoleFactory(
        user=UserFactory(username="commander_0"), kind=RoleKind.COMMANDER, unit=world.leader_unit
    ).user
    world.users["commander_1"] = world.users["commander"]
    for i in range(2, 5):
        unit = UnitFactory()
        MembershipFactory(bloc=world.bloc, unit=unit, year=YEAR, role=MembershipRole.MEMBER)
        user = UserFactory(username=f"commander_{i}")
        RoleFactory(user=user, kind=RoleKind.COMMANDER, unit=unit)
        world.users[f"commander_{i}"] = user
        units.append(unit)
    return units
