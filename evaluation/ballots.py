"""The bloc's secret ballot: opening, casting, closing and counting, second rounds, receipts.

Every rule is here, under a row lock on the ballot. See ``evaluation.models`` for how secrecy
is kept: a cast ballot is sealed (AES-GCM, key outside the database) next to the record that
the unit voted; at closing the seals are opened, the ballots are stored shuffled in one
transaction with only their choices and a receipt hash, and the seals are deleted.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from blocs.models import Bloc, Membership, Unit
from blocs.scope import scope_for
from emulation_portal.lib.errors import RuleError
from emulation_portal.lib.text import free_text

from . import voting
from .models import (
    Ballot,
    BallotAbsence,
    BallotCandidate,
    BallotStatus,
    BallotVoter,
    CountedBallot,
    SealedBallot,
    VotingRule,
)


class BallotError(RuleError):
    """A rule of the vote was broken; the message says which, in the user's language."""


# --- Sealing ----------------------------------------------------------------------------------
#
# Each ballot has a data key of its own, made at opening. It is kept outside the database, in
# PORTAL_BALLOT_KEY_DIR, wrapped (AES-GCM) under the installation's PORTAL_BALLOT_KEY, and
# destroyed once the count is committed: the sealed rows that PostgreSQL keeps on disk, in its
# WAL or in a backup after they were deleted can then no longer be opened by anybody.


def _master_key() -> bytes:
    secret = (settings.PORTAL_BALLOT_KEY or settings.SECRET_KEY).encode()
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"emulation-portal", info=b"ballot seal"
    ).derive(secret)


def _key_path(ballot: Ballot) -> Path:
    return Path(settings.PORTAL_BALLOT_KEY_DIR) / f"ballot-{ballot.pk}.key"


def _data_key_create(ballot: Ballot) -> None:
    directory = Path(settings.PORTAL_BALLOT_KEY_DIR)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    nonce = os.urandom(12)
    wrapped = nonce + AESGCM(_master_key()).encrypt(nonce, os.urandom(32), _key_label(ballot))
    path = _key_path(ballot)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(wrapped)
        handle.flush()
        os.fsync(handle.fileno())


def _data_key(ballot: Ballot) -> bytes:
    try:
        wrapped = _key_path(ballot).read_bytes()
    except FileNotFoundError as error:
        raise BallotError(
            _(
                "The key of this ballot is missing from the key store, so its sealed ballots "
                "cannot be opened. Restore PORTAL_BALLOT_KEY_DIR from where it was moved."
            )
        ) from error
    return AESGCM(_master_key()).decrypt(wrapped[:12], wrapped[12:], _key_label(ballot))


def _data_key_destroy(ballot: Ballot) -> None:
    """Overwrite the wrapped key, then remove it."""
    path = _key_path(ballot)
    try:
        with path.open("r+b") as handle:
            handle.write(os.urandom(path.stat().st_size))
            handle.flush()
            os.fsync(handle.fileno())
        path.unlink()
    except FileNotFoundError:
        pass


def _key_label(ballot: Ballot) -> bytes:
    return f"ballot-key:{ballot.pk}".encode()


def _seal_key(ballot: Ballot) -> bytes:
    return _data_key(ballot) if ballot.seal_version >= 2 else _master_key()


def _seal(ballot: Ballot, content: dict[str, Any]) -> bytes:
    nonce = os.urandom(12)
    data = json.dumps(content, sort_keys=True).encode()
    return nonce + AESGCM(_seal_key(ballot)).encrypt(nonce, data, str(ballot.pk).encode())


def _open_seals(ballot: Ballot, envelopes: list[bytes]) -> list[dict[str, Any]]:
    cipher = AESGCM(_seal_key(ballot))
    label = str(ballot.pk).encode()
    return [json.loads(cipher.decrypt(bytes(e)[:12], bytes(e)[12:], label)) for e in envelopes]


def receipt_hash(code: str) -> str:
    normalised = code.strip().upper().replace("-", "").replace(" ", "")
    return hashlib.sha256(normalised.encode()).hexdigest()


def _new_receipt() -> str:
    raw = base64.b32encode(secrets.token_bytes(10)).decode()  # 16 characters, 80 bits
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


# --- Who may do what --------------------------------------------------------------------------


def ballot_members(*, ballot: Ballot) -> QuerySet[Unit]:
    """The bloc's member units in the ballot's year, by name."""
    units = Membership.objects.filter(bloc=ballot.bloc, year=ballot.year).values("unit_id")
    return Unit.objects.filter(pk__in=units).order_by("name")


def ballot_can_manage(*, user: AbstractBaseUser, ballot: Ballot) -> bool:
    return scope_for(user).can_write_year(ballot.bloc_id, ballot.year)


def units_user_votes_for(*, user: AbstractBaseUser, ballot: Ballot) -> list[Unit]:
    commanded = scope_for(user).commanded_unit_ids
    return [unit for unit in ballot_members(ballot=ballot) if unit.pk in commanded]


def receipt_can_check(*, user: AbstractBaseUser, ballot: Ballot) -> bool:
    """Those who hold the ballot's receipts: the member units' commanders, and the secretariat
    that enters the absent units' written ballots. Others (the command) have none to check."""
    return ballot_can_manage(user=user, ballot=ballot) or bool(
        units_user_votes_for(user=user, ballot=ballot)
    )


# --- The count as read ------------------------------------------------------------------------


@dataclass(frozen=True)
class CountRow:
    """A candidate in a counted ballot, most votes first: what the page and its export show."""

    name: str
    votes: int
    passed: bool  # reached the threshold (with the quorum met)
    elected: bool
    tied: bool  # tied across the last seat: another round


def count_rows(*, ballot: Ballot, names: dict[int, str]) -> list[CountRow]:
    """The frozen count of a closed ballot (nothing while it is open), ``names`` by unit id."""
    result = ballot.result
    passing = set(result.get("passing", []))
    elected, tied = set(result.get("elected", [])), set(result.get("tied", []))
    votes = sorted(result.get("votes", {}).items(), key=lambda kv: (-kv[1], names[int(kv[0])]))
    return [
        CountRow(
            names[int(unit)],
            count,
            int(unit) in passing,
            int(unit) in elected,
            int(unit) in tied,
        )
        for unit, count in votes
    ]


# --- Opening ----------------------------------------------------------------------------------


@transaction.atomic
def ballot_open(
    *,
    user: AbstractBaseUser,
    bloc: Bloc,
    year: int,
    question: str,
    rule: VotingRule,
    max_choices: int,
    seats: int,
    candidates: list[Unit],
    previous_round: Ballot | None = None,
    absent: list[Unit] | None = None,
) -> Ballot:
    if not scope_for(user).can_write_year(bloc.pk, year):
        raise PermissionDenied
    members = {m.unit_id for m in Membership.objects.filter(bloc=bloc, year=year)}
    if not candidates:
        raise ValidationError({"candidates": _("Choose at least one candidate.")})
    if any(unit.pk not in members for unit in candidates):
        raise ValidationError({"candidates": _("Candidates must be member units of the bloc.")})
    ballot = Ballot(
        bloc=bloc,
        year=year,
        question=question.strip(),
        rule=rule,
        max_choices=max_choices,
        seats=seats,
        previous_round=previous_round,
        round=previous_round.round + 1 if previous_round else 1,
        opened_at=timezone.now(),
    )
    ballot.full_clean()
    ballot.save()
    BallotCandidate.objects.bulk_create(BallotCandidate(ballot=ballot, unit=u) for u in candidates)
    audit_record(
        action="ballot.open",
        actor=user,
        target=ballot,
        data={"rule": rule.name, "candidates": [u.name for u in candidates], "seats": seats},
    )
    if absent:
        _absences_record(user=user, ballot=ballot, units=absent)
    _data_key_create(ballot)
    return ballot


def _absences_record(*, user: AbstractBaseUser, ballot: Ballot, units: list[Unit]) -> None:
    members = {unit.pk for unit in ballot_members(ballot=ballot)}
    if any(unit.pk not in members for unit in units):
        raise ValidationError({"absent": _("Only member units can be marked absent.")})
    now = timezone.now()
    BallotAbsence.objects.bulk_create(
        [BallotAbsence(ballot=ballot, unit=u, recorded_by=user, recorded_at=now) for u in units],
        ignore_conflicts=True,
    )
    audit_record(
        action="ballot.absent",
        actor=user,
        target=ballot,
        data={"units": sorted(u.name for u in units)},
    )


@transaction.atomic
def ballot_mark_absent(*, user: AbstractBaseUser, ballot: Ballot, units: list[Unit]) -> Ballot:
    """Mark units absent from the meeting, so their written ballots can be entered; only
    before anyone has voted, so that no present unit's vote can be cast by another hand."""
    if not ballot_can_manage(user=user, ballot=ballot):
        raise PermissionDenied
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if ballot.status != BallotStatus.OPEN or ballot.voters.exists():
        raise BallotError(_("Absent units are marked before voting starts."))
    if not units:
        raise ValidationError({"absent": _("Choose the absent units.")})
    _absences_record(user=user, ballot=ballot, units=units)
    return ballot


# --- Casting ----------------------------------------------------------------------------------


def ballot_cast(
    *,
    user: AbstractBaseUser,
    ballot: Ballot,
    voter: Unit,
    choices: list[Unit],
    written: bool = False,
) -> str:
    """Cast ``voter``'s ballot and return its receipt code (shown once, kept nowhere).

    A commander votes for their own unit; the secretariat enters the written ballot
    (``written``) of a unit marked absent before voting started. A unit votes once, even with
    two requests at the same instant.
    """
    if written:
        allowed = ballot_can_manage(user=user, ballot=ballot)
        if allowed and not ballot.absences.filter(unit=voter).exists():
            raise BallotError(
                _("%(unit)s was not marked absent before voting started: its commander votes.")
                % {"unit": voter.name}
            )
    else:
        allowed = voter.pk in scope_for(user).commanded_unit_ids
    if not allowed or voter not in ballot_members(ballot=ballot):
        raise PermissionDenied
    receipt = _new_receipt()
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update().select_related("rule").get(pk=ballot.pk)
        if ballot.status != BallotStatus.OPEN:
            raise BallotError(_("This ballot is closed: no more votes are taken."))
        _check_choices(ballot=ballot, voter=voter, choices=choices)
        try:
            with transaction.atomic():
                BallotVoter.objects.create(ballot=ballot, unit=voter, written=written)
        except IntegrityError as error:
            raise BallotError(_("%(unit)s has already voted.") % {"unit": voter.name}) from error
        content = {"choices": sorted(u.pk for u in choices), "receipt": receipt_hash(receipt)}
        SealedBallot.objects.create(ballot=ballot, envelope=_seal(ballot, content))
        # The log says that the unit voted, never how.
        audit_record(
            action="ballot.cast",
            actor=user,
            target=ballot,
            data={"unit": voter.name, "written": written},
        )
    return receipt


def _check_choices(*, ballot: Ballot, voter: Unit, choices: list[Unit]) -> None:
    candidates = set(ballot.candidates.values_list("unit_id", flat=True))
    chosen = {unit.pk for unit in choices}
    if len(chosen) != len(choices) or not chosen <= candidates:
        raise ValidationError({"choices": _("Choose only among the candidates, each once.")})
    if len(chosen) > ballot.max_choices:
        raise ValidationError(
            {"choices": _("Choose at most %(count)s.") % {"count": ballot.max_choices}}
        )
    if voter.pk in chosen and not ballot.rule.allow_self_vote:
        raise ValidationError({"choices": _("A unit may not vote for itself under this rule.")})


# --- Closing and counting ---------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    members: int
    voters: int
    votes: dict[int, int]
    quorum_met: bool
    terms: voting.Terms
    passing: list[int]
    elected: list[int]
    tied: list[int]

    @property
    def needed(self) -> int | None:
        """The fewest whole votes a candidate needed."""
        return self.terms.needed


def tally(
    *, members: int, voters: int, votes: dict[int, int], rule: VotingRule, seats: int
) -> Tally:
    """Count against the rule: quorum on all members; threshold on members or on voters.

    Only whole numbers are compared: the quorum is met when voters × den ≥ num × members, and
    a candidate passes with at least the fewest whole votes that reach the threshold
    (``voting.votes_needed``). Up to ``seats`` passing candidates are elected by votes; a tie
    across the last seat elects none of the tied ones and asks for a second round between them.
    """
    met = voting.quorum_met(rule=rule, members=members, voters=voters)
    terms = voting.rule_terms(rule=rule, members=members, voters=voters)
    passing = sorted(
        (unit for unit, count in votes.items() if met and count >= terms.needed),
        key=lambda unit: -votes[unit],
    )
    elected, tied = passing, []
    if len(passing) > seats:
        boundary = votes[passing[seats - 1]]
        if votes[passing[seats]] == boundary:
            elected = [u for u in passing if votes[u] > boundary]
            tied = [u for u in passing if votes[u] == boundary]
        else:
            elected = passing[:seats]
    return Tally(members, voters, votes, met, terms, passing, elected, tied)


@transaction.atomic
def ballot_close(*, user: AbstractBaseUser, ballot: Ballot, count_committee: str = "") -> Ballot:
    """Open the seals, store the ballots shuffled, delete the seals, freeze the count; the count
    committee's members (ban kiểm phiếu) are named in the minutes."""
    if not ballot_can_manage(user=user, ballot=ballot):
        raise PermissionDenied
    count_committee = free_text(count_committee).strip()
    ballot = Ballot.objects.select_for_update().select_related("rule").get(pk=ballot.pk)
    if ballot.status != BallotStatus.OPEN:
        raise BallotError(_("This ballot is already closed."))
    sealed = SealedBallot.objects.filter(ballot=ballot).values_list("envelope", flat=True)
    contents = _open_seals(ballot, list(sealed))
    secrets.SystemRandom().shuffle(contents)
    counted = [CountedBallot(ballot=ballot, receipt_hash=c["receipt"]) for c in contents]
    CountedBallot.objects.bulk_create(counted)
    through = CountedBallot.choices.through
    links = [
        through(countedballot_id=ballot_row.pk, unit_id=unit)
        for ballot_row, content in zip(counted, contents, strict=True)
        for unit in content["choices"]
    ]
    secrets.SystemRandom().shuffle(links)
    through.objects.bulk_create(links)
    SealedBallot.objects.filter(ballot=ballot).delete()
    votes = {c.unit_id: 0 for c in ballot.candidates.all()}
    for content in contents:
        for unit in content["choices"]:
            votes[unit] += 1
    result = tally(
        members=len(ballot_members(ballot=ballot)),
        voters=len(contents),
        votes=votes,
        rule=ballot.rule,
        seats=ballot.seats,
    )
    ballot.result = {
        "members": result.members,
        "voters": result.voters,
        "votes": {str(k): v for k, v in votes.items()},
        "quorum_met": result.quorum_met,
        # The rule's terms as counted, so the minutes stay true if the rule changes later.
        **result.terms.frozen(),
        "passing": result.passing,
        "elected": result.elected,
        "tied": result.tied,
    }
    ballot.status, ballot.closed_at = BallotStatus.CLOSED, timezone.now()
    ballot.count_committee = count_committee
    ballot.full_clean(exclude=["result"])
    ballot.save(update_fields=["result", "status", "closed_at", "count_committee"])
    audit_record(action="ballot.close", actor=user, target=ballot, data=ballot.result)
    # Once the count is committed, nobody can open the deleted envelopes again.
    transaction.on_commit(lambda: _data_key_destroy(ballot))
    return ballot


def ballot_runoff(*, user: AbstractBaseUser, ballot: Ballot) -> Ballot:
    """A second round between the candidates tied across the last seat."""
    tied = ballot.result.get("tied") or []
    if ballot.status != BallotStatus.CLOSED or not tied:
        raise BallotError(_("There is no tie to settle."))
    if hasattr(ballot, "next_round"):
        return ballot.next_round
    seats = ballot.seats - len(ballot.result["elected"])
    return ballot_open(
        user=user,
        bloc=ballot.bloc,
        year=ballot.year,
        question=ballot.question,
        rule=ballot.rule,
        max_choices=seats,
        seats=seats,
        candidates=list(Unit.objects.filter(pk__in=tied)),
        previous_round=ballot,
    )


def receipt_check(*, ballot: Ballot, code: str) -> CountedBallot | None:
    return (
        CountedBallot.objects.filter(ballot=ballot, receipt_hash=receipt_hash(code))
        .prefetch_related("choices")
        .first()
    )
