"""What the live pledge says differently from the text that was signed, in words.

Both sides are the canonical JSON of ``services.pledge_canonical_text``: the signed one is
frozen on the version, the live one is built from today's rows. The names around the pledge
(the bloc, the campaign, the member units) may change through the portal after signing; the
pledge's own text (title, preamble, sections, targets) is locked once it opens, so a difference
there was made outside the portal. Neither makes the signed document less genuine.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _


def changes_since_signing(*, signed_text: str, live_text: str) -> list[str]:
    """One sentence per difference; empty when the live rows still give the signed text."""
    if signed_text == live_text:
        return []
    signed, live = json.loads(signed_text), json.loads(live_text)
    changes = [*_names(signed, live), *_members(signed, live), *_own_text(signed, live)]
    changes += _targets(signed.get("targets", []), live.get("targets", []))
    return changes or [_("The stored pledge differs from the signed text.")]


def _names(signed: dict[str, Any], live: dict[str, Any]) -> list[str]:
    messages = {
        "bloc": _("The bloc's name has changed since signing: %(signed)s → %(now)s."),
        "campaign": _("The campaign's name has changed since signing: %(signed)s → %(now)s."),
        "year": _("The campaign's year has changed since signing: %(signed)s → %(now)s."),
    }
    return [
        message % {"signed": signed.get(key), "now": live.get(key)}
        for key, message in messages.items()
        if signed.get(key) != live.get(key)
    ]


def _members(signed: dict[str, Any], live: dict[str, Any]) -> list[str]:
    before, now = set(signed.get("members", [])), set(live.get("members", []))
    if before == now:
        return []
    message = _(
        "The member units have changed since signing (a renamed unit shows on both sides): "
        "no longer listed: %(gone)s; now listed: %(new)s."
    )
    listed = {"gone": sorted(before - now), "new": sorted(now - before)}
    return [message % {key: ", ".join(names) or "—" for key, names in listed.items()}]


def _own_text(signed: dict[str, Any], live: dict[str, Any]) -> list[str]:
    messages = {
        "title": _("The title differs from the signed text."),
        "preamble": _("The preamble differs from the signed text."),
        "sections": _("The common commitments differ from the signed text."),
    }
    return [
        _outside(message) for key, message in messages.items() if signed.get(key) != live.get(key)
    ]


def _targets(signed: list[dict[str, Any]], live: list[dict[str, Any]]) -> list[str]:
    before, now = _by_unit(signed), _by_unit(live)
    differ = {unit for unit in before.keys() | now.keys() if before.get(unit) != now.get(unit)}
    # A renamed unit keeps its targets under its new name (the members list says so).
    for old in sorted(differ - now.keys()):
        renamed = [new for new in sorted(differ - before.keys()) if now[new] == before[old]]
        if renamed:
            differ -= {old, renamed[0]}
    message = _("The targets of %(unit)s differ from the signed text.")
    return [_outside(message % {"unit": unit}) for unit in sorted(differ)]


def _by_unit(targets: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for target in targets:
        rest = {key: value for key, value in target.items() if key != "unit"}
        grouped.setdefault(target["unit"], []).append(rest)
    return grouped


def _outside(message: str) -> str:
    note = _("The portal locks this once the pledge is open: it was changed outside the portal.")
    return f"{message} {note}"
