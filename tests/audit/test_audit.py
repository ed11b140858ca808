"""One append-only, hash-chained audit log of logins, denials and every state change."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.chain import GENESIS, canonical
from audit.models import AppendOnlyError, AuditChainHead, AuditEvent
from audit.services import audit_anchor_legacy, audit_record, audit_verify
from tests.conftest import YEAR, World
from tests.factories import PASSWORD


def test_login_and_failed_login_are_recorded_with_the_address(world: World) -> None:
    client = Client()
    client.post(
        reverse("login"), {"username": "secretariat", "password": "wrong"}, REMOTE_ADDR="10.1.2.3"
    )
    client.post(
        reverse("login"), {"username": "secretariat", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3"
    )
    failed = AuditEvent.objects.get(action="auth.login_failed")
    assert (failed.actor_name, failed.ip) == ("secretariat", "10.1.2.3")
    login = AuditEvent.objects.get(action="auth.login")
    assert (login.actor, login.ip) == (world.users["secretariat"], "10.1.2.3")


def test_denied_access_is_recorded(world: World) -> None:
    world.client("commander").get(reverse("blocs:bloc_update", args=[world.bloc.pk]))
    denied = AuditEvent.objects.get(action="access.denied")
    assert denied.actor == world.users["commander"]
    assert denied.data["path"] == reverse("blocs:bloc_update", args=[world.bloc.pk])


def test_probing_another_scope_is_recorded_though_the_user_sees_404(world: World) -> None:
    response = world.client("other_commander").get(
        reverse("blocs:unit_detail", args=[world.member_unit.pk])
    )
    assert response.status_code == 404
    probe = AuditEvent.objects.get(action="access.denied")
    assert (probe.target_type, probe.target_id) == ("blocs.unit", str(world.member_unit.pk))


def test_state_changes_record_who_what_and_the_change(world: World) -> None:
    membership = world.member_unit.memberships.get(year=YEAR)
    world.client("secretariat").post(
        reverse("blocs:membership_update", args=[membership.pk]), {"role": "deputy"}
    )
    event = AuditEvent.objects.get(action="membership.update")
    assert event.actor == world.users["secretariat"]
    assert event.target_id == str(membership.pk)
    assert event.data == {"role": ["member", "deputy"]}


def test_entries_cannot_be_changed_or_deleted_through_the_application(world: World) -> None:
    event = audit_record(action="test.event")
    event.action = "forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_admin_cannot_edit_or_delete_entries(world: World) -> None:
    event = audit_record(action="test.event")
    admin = world.client("admin")
    assert admin.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    assert admin.get(reverse("admin:audit_auditevent_delete", args=[event.pk])).status_code == 403
    admin.post(reverse("admin:audit_auditevent_change", args=[event.pk]), {"action": "forged"})
    event.refresh_from_db()
    assert event.action == "test.event"


def _behind_the_applications_back(sql: str, params: list[object]) -> None:
    """What a database administrator could do by hand (PostgreSQL's trigger is lifted first)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only"
            )
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only"
            )


def _chain(n: int) -> list[AuditEvent]:
    return [audit_record(action=f"test.{i}", data={"i": i}) for i in range(n)]


def test_intact_chain_checks_clean(world: World) -> None:
    _chain(5)
    assert list(audit_verify()) == []
    call_command("audit_verify", stdout=io.StringIO())


def test_chain_check_catches_an_altered_row(world: World) -> None:
    events = _chain(5)
    _behind_the_applications_back(
        "UPDATE audit_auditevent SET actor_name = %s WHERE id = %s", ["someone-else", events[2].pk]
    )
    problems = list(audit_verify())
    assert [p.seq for p in problems] == [events[2].seq]
    with pytest.raises(CommandError):
        call_command("audit_verify", stdout=io.StringIO())


@pytest.mark.parametrize("which", [1, -1])
def test_chain_check_catches_a_deleted_row(world: World, which: int) -> None:
    events = _chain(5)
    _behind_the_applications_back("DELETE FROM audit_auditevent WHERE id = %s", [events[which].pk])
    assert any(str(events[which].seq) in p.problem for p in audit_verify())


def _plain_sha256(row: AuditEvent) -> str:
    """The chain hash as the code before the key computed it: public, so anyone can."""
    return hashlib.sha256(canonical(row)).hexdigest()


def test_a_row_rewritten_and_rechained_with_plain_sha256_is_caught(world: World) -> None:
    events = _chain(5)
    victim = events[2]
    _behind_the_applications_back(
        "UPDATE audit_auditevent SET actor_name = %s WHERE id = %s", ["someone-else", victim.pk]
    )
    # The attacker re-chains every row from the altered one on, as the old code would.
    previous = AuditEvent.objects.get(seq=victim.seq - 1).hash
    for row in AuditEvent.objects.filter(seq__gte=victim.seq).order_by("seq"):
        row.prev_hash = previous
        previous = _plain_sha256(row)
        _behind_the_applications_back(
            "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
            [row.prev_hash, previous, row.pk],
        )
    AuditChainHead.objects.filter(pk=1).update(last_hash=previous)
    problems = list(audit_verify())
    assert victim.seq in [p.seq for p in problems]
    with pytest.raises(CommandError, match="tampered"):
        call_command("audit_verify", stdout=io.StringIO(), stderr=io.StringIO())


def test_the_chain_is_sealed_with_a_key_outside_the_database(
    world: World, settings: object
) -> None:
    events = _chain(3)
    assert list(audit_verify()) == []
    settings.PORTAL_AUDIT_KEY = "another-key-that-the-attacker-guessed-wrongly-0123"
    altered = [p.seq for p in audit_verify()]
    assert altered == list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert {e.seq for e in events} <= set(altered)


def test_deleting_the_newest_rows_is_caught_against_an_exported_head(
    world: World, tmp_path: Path
) -> None:
    events = _chain(5)
    heads = tmp_path / "audit-heads.jsonl"
    with heads.open("w") as out:
        call_command("audit_head", stdout=out)
    exported = json.loads(heads.read_text())
    assert (exported["seq"], exported["hash"]) == (events[-1].seq, events[-1].hash)
    for row in events[-2:]:
        _behind_the_applications_back("DELETE FROM audit_auditevent WHERE id = %s", [row.pk])
    AuditChainHead.objects.filter(pk=1).update(last_seq=events[-3].seq, last_hash=events[-3].hash)
    assert list(audit_verify()) == []  # consistent without the head: what the key cannot prove
    problems = list(audit_verify(heads=[exported]))
    assert [p.seq for p in problems] == [events[-1].seq]
    with pytest.raises(CommandError):
        call_command("audit_verify", "--head", str(heads), stdout=io.StringIO())


def _legacy_chain(n: int, models: Any = None) -> list[AuditEvent]:
    """Entries as the code before the key wrote them (plain SHA-256); ``models``: the apps
    of an older schema to write them with."""
    events = models.get_model("audit", "AuditEvent") if models else AuditEvent
    heads = models.get_model("audit", "AuditChainHead") if models else AuditChainHead
    rows, previous = [], GENESIS
    for seq in range(1, n + 1):
        row = events(seq=seq, at=timezone.now(), action=f"legacy.{seq}", prev_hash=previous)
        row.hash = previous = _plain_sha256(row)
        row.save(force_insert=True)
        rows.append(row)
    heads.objects.update_or_create(pk=1, defaults={"last_seq": n, "last_hash": previous})
    return rows


def test_entries_from_before_the_key_are_anchored_once_and_then_protected(world: World) -> None:
    _behind_the_applications_back("DELETE FROM audit_auditevent", [])  # only old entries below
    legacy = _legacy_chain(4)
    assert [p.seq for p in audit_verify()] == [1, 2, 3, 4]  # unsealed: not trusted as is
    anchor = audit_anchor_legacy()
    assert anchor.data == {
        "scheme": "hmac-sha256",
        "legacy_through": 4,
        "legacy_head": legacy[-1].hash,
    }
    audit_record(action="test.after")
    assert list(audit_verify()) == []
    # Rewriting an old entry and re-chaining the old ones up to the anchor is caught: the
    # anchor seals the hash of the last old entry.
    victim = legacy[1]
    _behind_the_applications_back(
        "UPDATE audit_auditevent SET action = %s WHERE id = %s", ["forged", victim.pk]
    )
    previous = legacy[0].hash
    for row in AuditEvent.objects.filter(seq__gte=victim.seq, seq__lte=4).order_by("seq"):
        row.prev_hash = previous
        previous = _plain_sha256(row)
        _behind_the_applications_back(
            "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
            [row.prev_hash, previous, row.pk],
        )
    assert [p.seq for p in audit_verify()] == [anchor.seq]


def test_the_migration_anchors_the_entries_an_upgrade_finds(transactional_db: None) -> None:
    executor = MigrationExecutor(connection)
    before, after = ("audit", "0002_append_only_trigger"), ("audit", "0003_anchor_unsealed_entries")
    executor.migrate([before])
    try:
        _behind_the_applications_back("DELETE FROM audit_auditevent", [])
        _legacy_chain(3, executor.loader.project_state([before]).apps)
        executor.loader.build_graph()
        executor.migrate([after])
    finally:
        MigrationExecutor(connection).migrate(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        )
    assert AuditEvent.objects.get(action="audit.anchor").seq == 4
    assert list(audit_verify()) == []


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_itself_refuses_changes(world: World) -> None:
    from django.db import DatabaseError, transaction

    event = audit_record(action="test.event")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])


def test_export_neutralises_spreadsheet_formulas(world: World) -> None:
    audit_record(action="test.event", actor_name='=HYPERLINK("http://evil","click")')
    response = world.client("admin").get(reverse("audit:export"))
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = [row[2] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil","click")' in names
    assert not any(name.startswith(("=", "+", "-", "@")) for name in names)


@pytest.mark.parametrize("actor", ["secretariat", "reviewer", "anonymous"])
def test_only_administrators_export(world: World, actor: str) -> None:
    assert world.client(actor).get(reverse("audit:export")).status_code == 302
