"""How audit entries are chained: the bytes of an entry and the seal over them.

Each entry's ``hash`` is an HMAC-SHA256, under ``PORTAL_AUDIT_KEY``, of its fields and the
hash of the entry before it. The key is not in the database, so someone who can write the
table can delete or alter rows but cannot re-seal them: plain SHA-256 is public and anyone can
recompute a whole chain of it, which is what entries written before the key used.

Those earlier entries are trusted through one anchor: the first sealed entry (action
``ANCHOR``) names the last unsealed entry and its hash, and as the next link its ``prev_hash``
is that hash, so rewriting any earlier entry breaks the anchor's seal. The migration that
introduced the key appended it (``audit.migrations.0003_anchor_unsealed_entries``).

No models here: the migration uses these with its historical models.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

GENESIS = "0" * 64
ANCHOR = "audit.anchor"
SCHEME = "hmac-sha256"
_SALT = "emulation_portal.audit.chain"


def canonical(event: Any) -> bytes:
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


def sealed_hash(event: Any) -> str:
    """The chain hash of every entry since the key: needs ``PORTAL_AUDIT_KEY``."""
    return salted_hmac(
        _SALT, canonical(event), secret=settings.PORTAL_AUDIT_KEY, algorithm="sha256"
    ).hexdigest()


def unsealed_hash(event: Any) -> str:
    """The chain hash of entries written before the key (anyone can compute it)."""
    return hashlib.sha256(canonical(event)).hexdigest()


def same(a: str, b: str) -> bool:
    return constant_time_compare(a, b)


def anchor_unsealed(*, events: type[models.Model], heads: type[models.Model]) -> Any | None:
    """Seal the entries written before the key, once: append the anchor after the last one.

    Returns the anchor, or None when there is nothing to anchor (an empty log, or one that
    already has its anchor). ``events`` and ``heads`` are the AuditEvent and AuditChainHead
    models (the migration passes its historical ones).
    """
    with transaction.atomic():
        heads.objects.select_for_update().get_or_create(pk=1)  # serialises with audit_record
        last = events.objects.order_by("-seq").first()
        if last is None or events.objects.filter(action=ANCHOR).exists():
            return None
        anchor = events(
            seq=last.seq + 1,
            at=timezone.now(),
            action=ANCHOR,
            data={"scheme": SCHEME, "legacy_through": last.seq, "legacy_head": last.hash},
            prev_hash=last.hash,
        )
        anchor.hash = sealed_hash(anchor)
        anchor.save(force_insert=True)
        heads.objects.filter(pk=1).update(last_seq=anchor.seq, last_hash=anchor.hash)
    return anchor


def unsealed_through(anchor: Any) -> int | None:
    """How many entries ``anchor`` vouches for, or None if it is not a genuine anchor."""
    through = anchor.data.get("legacy_through") if isinstance(anchor.data, dict) else None
    genuine = (
        isinstance(through, int)
        and anchor.seq == through + 1
        and anchor.data.get("legacy_head") == anchor.prev_hash
        and same(sealed_hash(anchor), anchor.hash)
    )
    return through if genuine else None
