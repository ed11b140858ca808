"""Writing and checking the audit log. ``audit_record`` is the one way entries are written."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from .context import client_ip
from .models import AuditChainHead, AuditEvent

GENESIS = "0" * 64


def _canonical(event: AuditEvent) -> bytes:
    payload = {
        "seq": event.seq,
        "at": event.at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "target_repr": event.target_repr,
        "ip": event.ip,
        "data": event.data,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder).encode()


def event_hash(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(event)).hexdigest()


def audit_record(
    *,
    action: str,
    actor: Any = None,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    actor_name: str = "",
) -> AuditEvent:
    """Append an entry; inside the caller's transaction, so it stands or falls with the change."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            seq=head.last_seq + 1,
            at=timezone.now(),
            actor=user,
            actor_name=(user.get_username() if user else actor_name)[:150],
            action=action,
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            target_repr=str(target)[:255] if target is not None else "",
            ip=client_ip.get(),
            data=json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder)),
            prev_hash=head.last_hash,
        )
        event.hash = event_hash(event)
        event.save(force_insert=True)
        head.last_seq, head.last_hash = event.seq, event.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return event


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    problem: str


def audit_verify() -> Iterator[ChainProblem]:
    """Walk the chain and yield every break: altered rows, missing rows, a missing tail."""
    expected_prev, expected_seq = GENESIS, 1
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            yield ChainProblem(expected_seq, f"entries {expected_seq}–{event.seq - 1} are missing")
        if event.prev_hash != expected_prev:
            yield ChainProblem(event.seq, "does not follow the entry before it")
        if event_hash(event) != event.hash:
            yield ChainProblem(event.seq, "was altered after it was written")
        expected_prev, expected_seq = event.hash, event.seq + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    last_seq = head.last_seq if head else 0
    if last_seq != expected_seq - 1:
        yield ChainProblem(
            expected_seq, f"entries after {expected_seq - 1} up to {last_seq} are missing"
        )


def transition_apply(
    *,
    obj: models.Model,
    to: str,
    actor: Any,
    allowed: set[tuple[str, str]],
    record: type[models.Model],
    refused: Exception,
    reason: str = "",
) -> None:
    """Move ``obj`` (locked by the caller) to status ``to`` if ``allowed`` lists the step.

    Writes the ``record`` row (a TransitionRecord whose link to ``obj`` is named after its
    model) and the audit entry; raises ``refused`` for a step the state machine lacks.
    """
    if (obj.status, to) not in allowed:
        raise refused
    name = obj._meta.model_name
    record.objects.create(
        **{name: obj}, from_status=obj.status, to_status=to, actor=actor, at=timezone.now(),
        reason=reason,
    )  # fmt: skip
    audit_record(action=f"{name}.{to}", actor=actor, target=obj,
                 data={"from": obj.status, "to": to, "reason": reason})  # fmt: skip
    obj.status = to
    obj.save(update_fields=["status"])
