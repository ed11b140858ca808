"""The archive and the statistics as workbooks (``emulation_portal.lib.exports``): one sheet per
section, the same rows the page shows."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from awards.models import AwardRecord
from emulation_portal.lib.exports import Column, Sheet

from .selectors import Dossier, ProposalRow
from .statistics import SCORE_RANGES, BlocFigures, Punctuality


def dossier_sheets(dossier: Dossier, *, heading: list[str]) -> list[Sheet]:
    """The sections of a unit's or a person's archive, newest year first."""
    sheets = [
        Sheet(
            _("Proposals"),
            [
                Column(_("Year"), "int"),
                Column(_("Award")),
                Column(_("Nominee")),
                Column(_("Outcome")),
                Column(_("Decision")),
                Column(_("Decision date"), "date"),
                Column(_("Issued by"), width=30),
                Column(_("Certificate serial")),
            ],
            (_proposal_row(row) for row in dossier.proposals),
            heading=heading,
        ),
        Sheet(
            _("Awards recorded"),
            [
                Column(_("Year"), "int"),
                Column(_("Award")),
                Column(_("Decision")),
                Column(_("Decision date"), "date"),
                Column(_("Issued by"), width=30),
                Column(_("Revoked on"), "date"),
            ],
            (_record_row(record) for record in dossier.records),
            heading=heading,
        ),
        Sheet(
            _("Exemplary models"),
            [Column(_("Year"), "int"), Column(_("Bloc")), Column(_("What to learn"), width=60)],
            ([m.year, m.bloc.name, m.practice] for m in dossier.exemplary),
            heading=heading,
        ),
        Sheet(
            _("Initiatives"),
            [
                Column(_("Year"), "int"),
                Column(_("Kind")),
                Column(_("Title"), width=45),
                Column(_("Level")),
                Column(_("Recognising decision")),
            ],
            (
                [i.year, i.get_kind_display(), i.title, i.level, i.recognised_by]
                for i in dossier.initiatives
            ),
            heading=heading,
        ),
    ]
    return _unit_sheets(dossier, heading) + sheets


def _proposal_row(row: ProposalRow) -> list[object]:
    proposal, decision = row.proposal, row.proposal.decision
    return [
        proposal.year,
        proposal.award.name,
        proposal.person.full_name if proposal.person else proposal.unit.name,
        proposal.get_status_display(),
        decision.number if decision else "",
        decision.date if decision else None,
        decision.authority if decision else "",
        row.certificate.serial if row.certificate else "",
    ]


def _record_row(record: AwardRecord) -> list[object]:
    return [
        record.year,
        record.award.name,
        record.decision_number,
        record.decision_date,
        record.authority,
        record.revoked_on,
    ]


def _unit_sheets(dossier: Dossier, heading: list[str]) -> list[Sheet]:
    if not (dossier.memberships or dossier.targets or dossier.scores or dossier.ballots):
        return []
    return [
        Sheet(
            _("Blocs"),
            [Column(_("Year"), "int"), Column(_("Bloc"), width=35), Column(_("Role"))],
            ([m.year, m.bloc.name, m.get_role_display()] for m in dossier.memberships),
            heading=heading,
        ),
        Sheet(
            _("Pledged targets"),
            [
                Column(_("Year"), "int"),
                Column(_("Goal"), width=40),
                Column(_("Indicator"), width=30),
                Column(_("Target"), "number"),
                Column(_("Unit of measure")),
                Column(_("Result"), "number"),
            ],
            (
                [
                    row.target.pledge.campaign.year,
                    row.target.goal,
                    row.target.indicator,
                    row.target.target_value,
                    row.target.measure_unit,
                    row.value,
                ]
                for row in dossier.targets
            ),
            heading=heading,
        ),
        Sheet(
            _("Scores and ranks"),
            [
                Column(_("Year"), "int"),
                Column(_("Bloc"), width=35),
                Column(_("Points"), "number"),
                Column(_("Place in the ranking"), "int"),
                Column(_("Units ranked"), "int"),
            ],
            ([r.year, r.bloc_name, r.total, r.rank, r.units] for r in dossier.scores),
            heading=heading,
        ),
        Sheet(
            _("Ballots"),
            [
                Column(_("Year"), "int"),
                Column(_("Question"), width=40),
                Column(_("Round"), "int"),
                Column(_("Votes"), "int"),
                Column(_("Units that voted"), "int"),
                Column(_("Elected")),
            ],
            (
                [r.year, r.question, r.round, r.votes, r.voters, _("yes") if r.elected else ""]
                for r in dossier.ballots
            ),
            heading=heading,
        ),
    ]


def _punctuality_rows(figures: Iterable[BlocFigures]) -> Iterable[list[object]]:
    for bloc in figures:
        steps: list[tuple[str, Punctuality | None]] = [
            (_("Signing the pledge"), bloc.signing),
            (_("Mid-year review"), bloc.mid_year),
            (_("Year-end review"), bloc.year_end),
            (_("Self-score"), bloc.self_scores),
        ]
        for label, step in steps:
            if step is not None:
                yield [
                    bloc.bloc.name,
                    label,
                    step.on_time,
                    step.late,
                    step.not_done,
                    step.share_on_time,
                ]


def statistics_sheets(figures: list[BlocFigures], *, year: int) -> list[Sheet]:
    heading = [_("Emulation statistics, %(year)s") % {"year": year}]
    return [
        Sheet(
            _("Summary"),
            [
                Column(_("Bloc"), width=35),
                Column(_("Units"), "int"),
                Column(_("Proposals"), "int"),
                Column(_("Approved"), "int"),
                Column(_("Awards"), "int"),
                Column(_("Revocations"), "int"),
            ],
            ([f.bloc.name, f.units, f.proposed, f.approved, f.awarded, f.revoked] for f in figures),
            heading=heading,
        ),
        Sheet(
            _("By form and title"),
            [
                Column(_("Bloc"), width=35),
                Column(_("Award"), width=35),
                Column(_("Kind")),
                Column(_("Proposed"), "int"),
                Column(_("Approved"), "int"),
                Column(_("Granted in the portal"), "int"),
                Column(_("Recorded from outside the portal"), "int"),
                Column(_("Revocations"), "int"),
            ],
            (
                [
                    f.bloc.name,
                    line.award,
                    line.category,
                    line.proposed,
                    line.approved,
                    line.granted,
                    line.recorded,
                    line.revoked,
                ]
                for f in figures
                for line in f.awards
            ),
            heading=heading,
        ),
        Sheet(
            _("Units by score range"),
            [Column(_("Bloc"), width=35), *(Column(label, "int") for label, *_r in SCORE_RANGES)],
            ([f.bloc.name, *f.score_ranges] for f in figures if f.score_ranges is not None),
            heading=heading,
        ),
        Sheet(
            _("Punctuality"),
            [
                Column(_("Bloc"), width=35),
                Column(_("Step"), width=25),
                Column(_("On time"), "int"),
                Column(_("Late"), "int"),
                Column(_("Not done"), "int"),
                Column(_("Share on time"), "percent"),
            ],
            _punctuality_rows(figures),
            heading=heading,
        ),
    ]
