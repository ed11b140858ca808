"""Writing and checking the audit log. ``audit_record`` is the one way entries are written."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from . import chain
from .context import client_ip
from .models import AuditChainHead, AuditEvent


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
        event.hash = chain.sealed_hash(event)
        event.save(force_insert=True)
        head.last_seq, head.last_hash = event.seq, event.hash
        head.save(update_fields=["last_seq", "last_hash"])
    return event


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    problem: str


def audit_anchor_legacy() -> AuditEvent | None:
    """Seal the entries written before the key with one anchor entry (see ``audit.chain``)."""
    return chain.anchor_unsealed(events=AuditEvent, heads=AuditChainHead)


def _unsealed_through() -> int:
    """How many of the first entries predate the key: as the genuine anchor says, else none."""
    for anchor in AuditEvent.objects.filter(action=chain.ANCHOR).order_by("seq"):
        through = chain.unsealed_through(anchor)
        if through is not None:
            return through
    return 0


def audit_head() -> dict[str, Any]:
    """The newest entry's number and sealed hash, to keep away from the database.

    The hash is an HMAC under the key, so the line needs no signature of its own: an
    attacker without the key cannot make a chain that ends in it.
    """
    last = AuditEvent.objects.order_by("-seq").first()
    return {
        "seq": last.seq if last else 0,
        "hash": last.hash if last else chain.GENESIS,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
    }


def audit_verify(*, heads: Iterable[dict[str, Any]] = ()) -> Iterator[ChainProblem]:
    """Walk the chain and yield every break: altered rows, missing rows, a missing tail.

    ``heads`` are lines that ``audit_head`` exported earlier: each entry they name must still
    be there with the same hash, which catches the newest entries deleted with the head row.
    """
    unsealed = _unsealed_through()
    exported = {int(head["seq"]): str(head["hash"]) for head in heads if int(head["seq"]) > 0}
    expected_prev, expected_seq = chain.GENESIS, 1
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            yield ChainProblem(expected_seq, f"entries {expected_seq}–{event.seq - 1} are missing")
        if event.prev_hash != expected_prev:
            yield ChainProblem(event.seq, "does not follow the entry before it")
        digest = chain.unsealed_hash if event.seq <= unsealed else chain.sealed_hash
        if not chain.same(digest(event), event.hash):
            yield ChainProblem(event.seq, "was altered after it was written")
        if event.seq in exported and not chain.same(exported.pop(event.seq), event.hash):
            yield ChainProblem(event.seq, "differs from the head exported earlier")
        expected_prev, expected_seq = event.hash, event.seq + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    last_seq = head.last_seq if head else 0
    if last_seq != expected_seq - 1:
        yield ChainProblem(
            expected_seq, f"entries after {expected_seq - 1} up to {last_seq} are missing"
        )
    for seq in sorted(exported):
        yield ChainProblem(seq, "was exported as the head earlier and is missing now")


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
        **{name: obj},
        from_status=obj.status,
        to_status=to,
        actor=actor,
        at=timezone.now(),
        reason=reason,
    )
    audit_record(
        action=f"{name}.{to}",
        actor=actor,
        target=obj,
        data={"from": obj.status, "to": to, "reason": reason},
    )
    obj.status = to
    obj.save(update_fields=["status"])
