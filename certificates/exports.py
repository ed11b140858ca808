"""A decision's recipients with their certificates' serial numbers, as a workbook."""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib.auth.models import AbstractBaseUser
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from awards.models import AwardDecision, ProposalStatus
from blocs.models import Bloc
from emulation_portal.lib.exports import Column, Sheet

from . import selectors, services

RECIPIENT_COLUMNS = [
    Column(pgettext_lazy("row number", "No."), "int", width=6),
    Column(gettext_lazy("Full name / name of the unit"), width=30),
    Column(gettext_lazy("Rank"), width=14),
    Column(gettext_lazy("Position"), width=22),
    Column(gettext_lazy("Unit"), width=28),
    Column(gettext_lazy("Title or form of reward"), width=30),
    Column(gettext_lazy("Serial number"), width=16),
    Column(gettext_lazy("Issued at"), "datetime", width=17),
    Column(gettext_lazy("Notes"), width=18),
]


def decision_sheets(*, user: AbstractBaseUser, decision: AwardDecision) -> list[Sheet]:
    """One sheet per bloc of the decision the user sees (as on the decision's page), its
    recipients in the decision's order, every one of them (the page shows the first ones)."""
    signer = " ".join(
        part
        for part in (decision.signer_position, decision.signer_rank, decision.signer_name)
        if part
    )
    heading = [
        _("Decision %(number)s of %(date)s")
        % {"number": decision.number, "date": date_format(decision.date, "d/m/Y")},
        f"{decision.authority} · {signer}",
    ]
    return [
        Sheet(bloc.name, RECIPIENT_COLUMNS, _recipient_rows(decision, bloc), heading=heading)
        for bloc in selectors.decision_blocs_for_user(user=user, decision=decision)
    ]


def _recipient_rows(decision: AwardDecision, bloc: Bloc) -> Iterator[list[object]]:
    recipients = services.recipients(decision=decision, bloc=bloc).select_related("certificate")
    for number, proposal in enumerate(recipients.iterator(chunk_size=2000), start=1):
        person = proposal.person
        certificate = getattr(proposal, "certificate", None)
        yield [
            number,
            person.full_name if person else proposal.unit.name,
            person.get_rank_display() if person else "",
            person.position if person else "",
            proposal.unit.name,
            proposal.award.name,
            certificate.serial if certificate else "",
            certificate.issued_at if certificate else None,
            pgettext("award state", "Revoked") if proposal.status == ProposalStatus.REVOKED else "",
        ]
