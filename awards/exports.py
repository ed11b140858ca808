"""Award lists as workbooks: the list of nominees (danh sách đề nghị khen thưởng) and the award
history of a unit and of a person, with the rows their pages show."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from blocs.models import Person, Unit
from emulation_portal.lib.exports import Column, Sheet, yes_no

from .history import HeldAward, held_newest_first
from .models import Proposal, ProposalStatus

# The official list's columns, then where the proposal stands and its decision.
PROPOSAL_COLUMNS = [
    Column(pgettext_lazy("row number", "No."), "int", width=6),
    Column(gettext_lazy("Full name / name of the unit"), width=30),
    Column(gettext_lazy("Rank"), width=14),
    Column(gettext_lazy("Position"), width=22),
    Column(gettext_lazy("Unit"), width=28),
    Column(gettext_lazy("Title or form of reward proposed"), width=30),
    Column(gettext_lazy("Summary of achievements"), width=60),
    Column(gettext_lazy("Notes"), width=16),
    Column(gettext_lazy("Bloc"), width=24),
    Column(gettext_lazy("Year"), "int", width=8),
    Column(gettext_lazy("Status"), width=22),
    Column(gettext_lazy("Decision number"), width=18),
    Column(gettext_lazy("Decision date"), "date"),
    Column(gettext_lazy("Issuing authority"), width=24),
]


def proposal_sheets(
    proposals: QuerySet[Proposal], *, status: str = "", search: str = ""
) -> list[Sheet]:
    """``proposals`` (the list page's rows, filters applied) read in one query."""
    heading = [_("LIST OF NOMINEES FOR AWARDS")]
    if status in ProposalStatus.values:
        heading.append(_("Status: %(status)s") % {"status": ProposalStatus(status).label})
    if search.strip():
        heading.append(_("Search: %(search)s") % {"search": search.strip()})
    heading.append(_("Exported on %(day)s") % {"day": date_format(timezone.localdate(), "d/m/Y")})
    rows = proposals.select_related("award", "bloc", "unit", "person", "decision")
    return [
        Sheet(
            gettext_lazy("Award proposals"),
            PROPOSAL_COLUMNS,
            _proposal_rows(rows.iterator(chunk_size=2000)),
            heading=heading,
        )
    ]


def _proposal_rows(proposals: Iterable[Proposal]) -> Iterator[list[object]]:
    for number, proposal in enumerate(proposals, start=1):
        person, decision = proposal.person, proposal.decision
        yield [
            number,
            person.full_name if person else proposal.unit.name,
            person.get_rank_display() if person else "",
            person.position if person else "",
            proposal.unit.name,
            proposal.award.name,
            proposal.achievement,
            "",
            proposal.bloc.name,
            proposal.year,
            proposal.get_status_display(),
            decision.number if decision else "",
            decision.date if decision else None,
            decision.authority if decision else "",
        ]


HELD_COLUMNS = [
    Column(gettext_lazy("Year"), "int", width=8),
    Column(gettext_lazy("Title or form of reward"), width=32),
    Column(gettext_lazy("Decision number"), width=18),
    Column(gettext_lazy("Decision date"), "date"),
    Column(gettext_lazy("Issuing authority"), width=26),
    Column(gettext_lazy("Source"), width=22),
    Column(pgettext_lazy("award state", "Revoked"), width=10),
]
MEMBER_COLUMNS = [
    HELD_COLUMNS[0],
    Column(gettext_lazy("Full name"), width=26),
    Column(gettext_lazy("Rank"), width=14),
    Column(gettext_lazy("Position"), width=22),
    *HELD_COLUMNS[1:],
]


def _held_cells(held: HeldAward) -> list[object]:
    return [
        held.award.name,
        held.decision_number,
        held.decision_date,
        held.authority,
        held.source_label,
        yes_no(held.revoked),
    ]


def unit_history_sheets(*, unit: Unit) -> list[Sheet]:
    """The unit's own awards and its people's, newest year first, revoked ones marked."""
    own = held_newest_first(unit=unit)
    members = held_newest_first(members_of=unit)
    heading = [_("Award history of %(unit)s") % {"unit": unit.name}]
    return [
        Sheet(
            gettext_lazy("The unit's awards"),
            HELD_COLUMNS,
            ([held.year, *_held_cells(held)] for held in own),
            heading=heading,
        ),
        Sheet(
            gettext_lazy("Awards of its people"),
            MEMBER_COLUMNS,
            (
                [
                    held.year,
                    held.person.full_name,
                    held.person.get_rank_display(),
                    held.person.position,
                    *_held_cells(held),
                ]
                for held in members
                if held.person is not None
            ),
            heading=heading,
        ),
    ]


def person_history_sheets(*, person: Person) -> list[Sheet]:
    """A person's awards, newest year first, revoked ones marked."""
    held = held_newest_first(person=person)
    heading = [
        _("Award history of %(rank)s %(name)s")
        % {"rank": person.get_rank_display(), "name": person.full_name},
        "; ".join(part for part in (person.position, person.unit.name) if part),
    ]
    return [
        Sheet(
            gettext_lazy("Award history"),
            HELD_COLUMNS,
            ([h.year, *_held_cells(h)] for h in held),
            heading=heading,
        )
    ]
