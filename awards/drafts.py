"""Word drafts of what the secretariat sends up with its nominees, for the clerk to edit and
sign: the covering letter (tờ trình), the list of nominees (danh sách) and a draft decision
(dự thảo quyết định) with its attached list.

They carry the nominees the PDF dossier carries (``Proposal.objects.in_dossier()``) in the
same order. Each is written in the request: about 0.1 s of CPU for the list of 500 nominees,
about 45 ms a draft decision (``bench/word_drafts.py``), and nothing is stored, numbered or
changed, so a download is an ordinary GET that writes nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx.document import Document

from blocs.models import Bloc, MembershipRole, Person
from blocs.selectors import memberships_of_year
from emulation_portal.lib import word
from emulation_portal.lib.search import fold
from emulation_portal.lib.word import BLANK, Row, Signer, count

from .documents import DOSSIER_SERIES
from .models import AwardCategory, AwardType, Proposal, PublicNotice
from .rules import BASE_LEVEL

DECISION_SERIES = "QĐ"  # quyết định
FLAG = "Cờ"  # the Cờ thi đua of each command
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@dataclass
class Dossier:
    """A bloc's nominees of a year as its documents present them, read once."""

    bloc: Bloc
    year: int
    proposals: list[Proposal]
    notice: PublicNotice | None
    leader_unit: str
    leader_commander: Person | None
    drafted_in: int  # the year the drafts are written (signed), for "năm ..." and the list
    # Who confers the awards of each level of the catalogue: {"bộ tổng tham mưu": "Tổng Tham
    # mưu trưởng"}, keyed as ``_key`` writes names.
    conferrers: dict[str, str]


def dossier_read(*, bloc: Bloc, year: int) -> Dossier:
    """The bloc's proposals in its dossier of ``year`` (by award, then units before people, by
    name, in the alphabet's order: Đ after D), its latest public notice and its leader, in a
    fixed number of queries."""
    proposals = sorted(
        Proposal.objects.in_dossier()
        .filter(bloc=bloc, year=year)
        .select_related("award", "unit", "person", "bloc__command"),
        key=lambda p: (
            fold(p.award.name),
            p.person_id is not None,
            fold(p.unit.name),
            fold(_person_name(p)),
        ),
    )
    notice = (
        PublicNotice.objects.filter(bloc=bloc, year=year, proposals__in=proposals)
        .order_by("-starts_on")
        .first()
        if proposals
        else None
    )
    leader = next(
        (m for m in memberships_of_year(bloc=bloc, year=year) if m.role == MembershipRole.LEADER),
        None,
    )
    commander = (
        Person.objects.filter(unit_id=leader.unit_id, is_commander=True).first() if leader else None
    )
    return Dossier(
        bloc=bloc,
        year=year,
        proposals=proposals,
        notice=notice,
        leader_unit=leader.unit.name if leader else "",
        leader_commander=commander,
        drafted_in=timezone.localdate().year,
        conferrers={
            _key(level): conferrer
            for level, conferrer in AwardType.objects.values_list("level", "issuing_authority")
        },
    )


def _person_name(proposal: Proposal) -> str:
    return proposal.person.full_name if proposal.person_id else ""


def _tally(proposals: Sequence[Proposal]) -> str:
    """How many collectives and individuals ("02 tập thể và 03 cá nhân"), without an empty
    part."""
    collectives = sum(1 for p in proposals if p.person_id is None)
    individuals = len(proposals) - collectives
    parts = []
    if collectives:
        parts.append(_("%(count)s collective(s)") % {"count": count(collectives)})
    if individuals:
        parts.append(_("%(count)s individual(s)") % {"count": count(individuals)})
    return _(" and ").join(parts)


def _by_award(proposals: Sequence[Proposal]) -> list[tuple[AwardType, list[Proposal]]]:
    groups: dict[int, tuple[AwardType, list[Proposal]]] = {}
    for proposal in proposals:
        groups.setdefault(proposal.award_id, (proposal.award, []))[1].append(proposal)
    return list(groups.values())


def _bloc_signer(dossier: Dossier) -> Signer:
    """The bloc's documents are signed for the bloc by its leader (as the PDFs are)."""
    commander = dossier.leader_commander
    return Signer(
        on_behalf=_("ON BEHALF OF THE EMULATION BLOC"),
        position=_("BLOC LEADER"),
        under=dossier.leader_unit,
        name=f"{commander.get_rank_display()} {commander.full_name}" if commander else "",
    )


def _bloc_document(dossier: Dossier, *, title: str, number: str) -> Document:
    bloc = dossier.bloc
    document = word.document_new(title=title, author=bloc.name)
    word.header(
        document,
        issuer=[bloc.command.name, bloc.name],
        number_text=number,
        place_date_text=word.place_date(bloc.place, year=dossier.drafted_in),
    )
    return document


def _submission_reference(dossier: Dossier) -> dict[str, object]:
    return {
        "number": f"{BLANK}/{DOSSIER_SERIES}-{dossier.bloc.document_code}",
        "day": BLANK,
        "month": BLANK,
        "year": dossier.drafted_in,
        "bloc": dossier.bloc.name,
    }


# --- The covering letter (tờ trình) ------------------------------------------------------------


def letter_docx(dossier: Dossier) -> bytes:
    """The covering letter: to the head of the command, on what grounds, how many of each
    award, signed for the bloc by its leader."""
    bloc, command = dossier.bloc, dossier.bloc.command.name
    document = _bloc_document(
        dossier,
        title=_("Covering letter"),
        number=word.number_line(DOSSIER_SERIES, bloc.document_code),
    )
    word.title(
        document,
        _("SUBMISSION"),
        [_("On proposing awards for %(year)s") % {"year": dossier.year}],
    )
    word.centred(document, _("To: the head of %(command)s.") % {"command": command}, before=0)
    word.body(
        document,
        _("Pursuant to the Law on Emulation and Commendation of 2022 and the texts guiding it;"),
    )
    values = {"bloc": bloc.name, "year": dossier.year, "command": command}
    if dossier.notice:
        notice = dossier.notice
        grounds = _(
            "Pursuant to the result of the evaluation of %(bloc)s in %(year)s and to the public "
            "notice of its nominees from %(start)s to %(end)s (%(days)s working days);"
        ) % {
            **values,
            "start": date_format(notice.starts_on, "SHORT_DATE_FORMAT"),
            "end": date_format(notice.ends_on, "SHORT_DATE_FORMAT"),
            "days": count(notice.working_days),
        }
    else:
        grounds = _("Pursuant to the result of the evaluation of %(bloc)s in %(year)s;") % values
    word.body(document, grounds)
    word.body(
        document,
        _(
            "%(bloc)s respectfully proposes that the head of %(command)s consider awarding "
            "%(tally)s for their outstanding achievements in the emulation movement of "
            "%(year)s, as follows:"
        )
        % {**values, "tally": _tally(dossier.proposals)},
    )
    groups = _by_award(dossier.proposals)
    for index, (award, proposals) in enumerate(groups, start=1):
        end = "." if index == len(groups) else ";"
        word.body(document, f"- {award.name}: {_tally(proposals)}{end}")
    word.body(
        document,
        _("(The list of nominees and their achievement reports are attached.)"),
    )
    word.body(
        document,
        _("Respectfully submitted to the head of %(command)s for consideration and decision./.")
        % values,
    )
    word.closing(
        document,
        recipients=[_("As above;"), _("The member units of the bloc;"), _("Archive.")],
        signer=_bloc_signer(dossier),
    )
    return word.document_bytes(document)


# --- The list of nominees (danh sách) ----------------------------------------------------------

COLUMNS_MM = [12, 55, 24, 30, 32, 12]


def _columns(*, proposed: bool = True) -> list[str]:
    return [
        pgettext("row number", "No."),
        _("Full name / unit"),
        _("Rank"),
        _("Position"),
        _("Title or award proposed") if proposed else _("Title or award"),
        _("Notes"),
    ]


def _nominee_rows(proposals: Sequence[Proposal]) -> list[Row]:
    """The official list: a heading per award (I., II., …) with its tally, then its nominees
    numbered from 1, a person with their unit under their name."""
    rows = []
    for index, (award, group) in enumerate(_by_award(proposals)):
        roman = ROMAN[index] if index < len(ROMAN) else str(index + 1)
        rows.append(Row(heading=f"{roman}. {award.name} ({_tally(group)})"))
        for number, proposal in enumerate(group, start=1):
            person = proposal.person
            rows.append(
                Row(
                    cells=[
                        str(number),
                        person.full_name if person else proposal.unit.name,
                        person.get_rank_display() if person else "",
                        person.position if person else "",
                        award.name,
                        "",
                    ],
                    notes={1: proposal.unit.name} if person else {},
                )
            )
    return rows


def nominees_docx(dossier: Dossier) -> bytes:
    """The list of nominees attached to the covering letter, grouped by award."""
    document = _bloc_document(dossier, title=_("List of nominees"), number="")
    word.title(
        document,
        _("LIST"),
        [_("Proposed for awards in %(year)s") % {"year": dossier.year}],
        note=_(
            "(Attached to submission No. %(number)s, day %(day)s month %(month)s year "
            "%(year)s, of %(bloc)s)"
        )
        % _submission_reference(dossier),
    )
    word.grid(
        document, columns=_columns(), widths=COLUMNS_MM, rows=_nominee_rows(dossier.proposals)
    )
    word.body(
        document,
        _("In all: %(tally)s./.") % {"tally": _tally(dossier.proposals)},
        indent=False,
    )
    word.closing(document, recipients=[], signer=_bloc_signer(dossier))
    return word.document_bytes(document)


# --- The draft decision (dự thảo quyết định) ---------------------------------------------------


@dataclass
class DecisionDraft:
    """One decision to draft: who issues it, who signs, and the nominees it confers on."""

    issuer: list[str]  # the issuing body last, its superior (if known) above it
    position: str  # the signer's position: "Tổng Tham mưu trưởng"
    proposals: list[Proposal]

    @property
    def authority(self) -> str:
        return self.issuer[-1]


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def decision_drafts(dossier: Dossier) -> list[DecisionDraft]:
    """The dossier's nominees split by who confers their award, as decisions are checked
    (``proposals.decision_conferral_problems``): a command's award by that command, signed by
    its issuing authority; a unit's base-level title by the bloc's command (its superior);
    any other base-level award by the head of the nominee's unit."""
    command = dossier.bloc.command.name
    drafts: dict[tuple[str, ...], DecisionDraft] = {}
    for proposal in dossier.proposals:
        award = proposal.award
        if _key(award.level) != _key(BASE_LEVEL):
            issuer, position = [award.level], award.issuing_authority
        elif award.category == AwardCategory.TITLE and proposal.person_id is None:
            position = dossier.conferrers.get(_key(command)) or _("Head of %(body)s") % {
                "body": command
            }
            issuer = [command]
        else:
            unit = proposal.unit.name
            issuer, position = [command, unit], _("Head of %(body)s") % {"body": unit}
        key = (*(_key(line) for line in issuer), _key(position))
        drafts.setdefault(key, DecisionDraft(issuer=issuer, position=position, proposals=[]))
        drafts[key].proposals.append(proposal)
    return list(drafts.values())


def _conferring(proposals: Sequence[Proposal]) -> str:
    """ "tặng Bằng khen của Tổng Tham mưu trưởng; danh hiệu Đơn vị tiên tiến"."""
    names = []
    for award, _group in _by_award(proposals):
        # A flag is handed over as it is named ("tặng Cờ thi đua"); other titles are named as
        # titles ("tặng danh hiệu Đơn vị tiên tiến").
        if award.category == AwardCategory.TITLE and not award.name.startswith(FLAG):
            names.append(_("the title %(award)s") % {"award": award.name})
        else:
            names.append(award.name)
    return "; ".join(names)


def _decision(document: Document, dossier: Dossier, draft: DecisionDraft) -> None:
    word.centred(document, _("DRAFT"), bold=True, before=0).alignment = word.LEFT
    word.header(
        document,
        issuer=draft.issuer,
        number_text=word.number_line(DECISION_SERIES, ""),
        place_date_text=word.place_date(dossier.bloc.place, year=dossier.drafted_in),
    )
    conferring = _conferring(draft.proposals)
    word.title(document, _("DECISION"), [_("On conferring %(awards)s") % {"awards": conferring}])
    word.centred(document, draft.position.upper(), bold=True, before=0)
    word.body(
        document,
        _("Pursuant to the Law on Emulation and Commendation of 2022 and the texts guiding it;"),
    )
    word.body(
        document,
        _(
            "Considering submission No. %(number)s, day %(day)s month %(month)s year %(year)s, "
            "of %(bloc)s;"
        )
        % _submission_reference(dossier),
    )
    word.centred(document, _("DECIDES:"), bold=True)
    values = {
        "awards": conferring,
        "tally": _tally(draft.proposals),
        "bloc": dossier.bloc.name,
        "year": dossier.year,
    }
    word.body(
        document,
        _(
            "To confer %(awards)s on %(tally)s of %(bloc)s for their outstanding achievements "
            "in the emulation movement of %(year)s (list attached)."
        )
        % values,
        bold_lead=_("Article 1."),
    )
    word.body(
        document,
        _("This decision takes effect from the day it is signed."),
        bold_lead=_("Article 2."),
    )
    word.body(
        document,
        _(
            "The heads of the agencies and units concerned and the collectives and individuals "
            "named in Article 1 are responsible for implementing this decision./."
        ),
        bold_lead=_("Article 3."),
    )
    word.closing(
        document,
        recipients=[_("As in Article 3;"), _("Archive.")],
        signer=Signer(position=draft.position),
    )


def _decision_list(document: Document, dossier: Dossier, draft: DecisionDraft) -> None:
    word.title(
        document,
        _("LIST"),
        [_("Conferred %(awards)s") % {"awards": _conferring(draft.proposals)}],
        note=_(
            "(Attached to decision No. %(number)s, day %(day)s month %(month)s year %(year)s, "
            "of the %(position)s)"
        )
        % {
            "number": f"{BLANK}/{DECISION_SERIES}",
            "day": BLANK,
            "month": BLANK,
            "year": dossier.drafted_in,
            "position": draft.position,
        },
    )
    word.grid(
        document,
        columns=_columns(proposed=False),
        widths=COLUMNS_MM,
        rows=_nominee_rows(draft.proposals),
    )
    word.body(
        document, _("In all: %(tally)s./.") % {"tally": _tally(draft.proposals)}, indent=False
    )


def decision_docx(dossier: Dossier) -> bytes:
    """A draft decision per authority that confers the dossier's awards, each followed by its
    attached list on a page of its own."""
    document = word.document_new(title=_("Draft decision"), author=dossier.bloc.name)
    for index, draft in enumerate(decision_drafts(dossier)):
        if index:
            word.page_break(document)
        _decision(document, dossier, draft)
        word.page_break(document)
        _decision_list(document, dossier, draft)
    return word.document_bytes(document)
