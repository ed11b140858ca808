"""One append-only, hash-chained audit log of logins, denials and every state change."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse

from audit.models import AppendOnlyError, AuditEvent
from audit.services import audit_record, audit_verify
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
