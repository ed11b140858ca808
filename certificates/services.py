"""Certificates: who may print them, what they say, and issuing their serial numbers.

A certificate's text is resolved from its award's template once, when its serial is issued,
and stored with it: a reprint prints the same serial and the same words, whatever changed in
the template since. A revoked award is never printed again.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.saving import model_save
from audit.services import audit_record
from awards.models import AwardDecision, AwardType, Proposal, ProposalStatus
from awards.proposals import decision_can_record
from blocs.models import Bloc, Campaign
from blocs.scope import scope_for
from emulation_portal.lib.dates import administrative_date_parts
from emulation_portal.lib.numbers import number
from jobs.models import Job
from jobs.services import job_request

from . import layout
from .models import Certificate, CertificateTemplate, PrinterProfile, SerialCounter

BATCH = "certificates"
FORMATS = ("pdf", "zip")
MODES = ("full", "blank")


# --- Who may do what -------------------------------------------------------------------------


def certificate_can_print(*, user: AbstractBaseUser, bloc: Bloc, year: int) -> bool:
    """The secretariat managing the bloc's year, the command's reviewers, administrators."""
    return scope_for(user).can_write_year(bloc.pk, year) or decision_can_record(
        user=user, bloc=bloc
    )


def awards_year(*, decision: AwardDecision, bloc: Bloc) -> int:
    """The year whose achievements the decision rewards in a bloc (a decision of January often
    rewards the year before): the secretariat of that year prints its certificates."""
    year = decision.recipients.filter(bloc=bloc).aggregate(year=Max("year"))["year"]
    return year or decision.date.year


def printer_can_manage(*, user: AbstractBaseUser, bloc: Bloc | None = None) -> bool:
    """The secretariat of a bloc it manages (and administrators). Without ``bloc``: whether
    the user manages the printers of any bloc."""
    scope = scope_for(user)
    if bloc is None:
        return scope.is_admin or bool(scope.writable_years)
    return scope.is_admin or bool(scope.writable_years.get(bloc.pk))


def template_can_edit(*, user: AbstractBaseUser) -> bool:
    return scope_for(user).is_admin


# --- Templates -------------------------------------------------------------------------------


def template_texts(award: AwardType) -> dict[str, str]:
    """The award's template, line by line (the Vietnamese defaults where none is saved)."""
    texts = layout.default_texts(
        award_code=award.code, collective=award.nominee_kind == "collective"
    )
    saved = CertificateTemplate.objects.filter(award=award).first()
    if saved is not None:
        texts.update({name: saved.texts[name] for name in layout.LINE_NAMES if name in saved.texts})
    return texts


def template_problems(texts: dict[str, str]) -> list[str]:
    problems: list[str] = []
    for line in layout.LINES:
        problems += layout.line_problems(line, texts.get(line.name, ""))
    return problems


def template_save(
    *, user: AbstractBaseUser, award: AwardType, texts: dict[str, str]
) -> CertificateTemplate:
    if not template_can_edit(user=user):
        raise PermissionDenied
    problems = template_problems(texts)
    if problems:
        raise ValidationError(problems)
    template = CertificateTemplate.objects.filter(award=award).first() or CertificateTemplate(
        award=award
    )
    clean = {name: texts.get(name, "").strip() for name in layout.LINE_NAMES}
    return model_save(
        actor=user,
        instance=template,
        data={"texts": clean, "updated_by": user},
        fields=("texts", "updated_by"),
    )


# --- What a certificate says -----------------------------------------------------------------


def recipients(*, decision: AwardDecision, bloc: Bloc) -> QuerySet[Proposal]:
    """The decision's recipients in a bloc, in the decision's order."""
    return (
        decision.recipients.filter(bloc=bloc)
        .select_related("award", "unit", "person", "bloc")
        .order_by(F("decision_order").asc(nulls_last=True), "pk")
    )


def _values(proposal: Proposal, decision: AwardDecision, campaigns: dict) -> dict[str, str]:
    person, unit = proposal.person, proposal.unit
    with translation.override("vi"):  # certificates are printed in Vietnamese
        rank = person.get_rank_display() if person and person.rank else ""
    date = administrative_date_parts(decision.date)
    return {
        "award": proposal.award.name,
        "recipient": f"{rank} {person.full_name}".strip() if person else unit.name,
        "recipient_rank": rank,
        "recipient_name": person.full_name if person else unit.name,
        "recipient_position": person.position if person else "",
        "unit": unit.name,
        "year": str(proposal.year),
        "campaign": campaigns.get((proposal.bloc_id, proposal.year), ""),
        "decision_authority": decision.authority,
        "decision_number": decision.number,
        "decision_date": f"{decision.date:%d/%m/%Y}",
        "place": decision.place or proposal.bloc.place,
        "day": date["day"],
        "month": date["month"],
        "decision_year": date["year"],
        "signer_position": decision.signer_position,
        "signer_rank": decision.signer_rank,
        "signer_name": decision.signer_name,
        "serial": "",
    }


def _campaigns(proposals: Iterable[Proposal]) -> dict[tuple[int, int], str]:
    keys = {(p.bloc_id, p.year) for p in proposals}
    found = Campaign.objects.filter(
        bloc_id__in={b for b, _ in keys}, year__in={y for _, y in keys}
    ).values_list("bloc_id", "year", "name")
    return {(bloc, year): name for bloc, year, name in found}


def _recipient_label(proposal: Proposal) -> str:
    if proposal.person:
        return f"{proposal.person.full_name or '?'} ({proposal.unit.name})"
    return proposal.unit.name


def print_problems(*, decision: AwardDecision, bloc: Bloc) -> list[str]:
    """Everything that would stop the decision's certificates printing, naming what to fix."""
    printable = [p for p in recipients(decision=decision, bloc=bloc) if p.status != "revoked"]
    if not printable:
        return [_("The decision has no recipient in this bloc whose award still stands.")]
    problems: list[str] = []
    texts_by_award: dict[int, dict[str, str]] = {}
    for award in {p.award for p in printable}:
        texts = texts_by_award[award.pk] = template_texts(award)
        problems += [
            _("Certificate template of “%(award)s”: %(problem)s")
            % {"award": award.name, "problem": problem}
            for problem in template_problems(texts)
        ]
    if problems:
        return problems
    campaigns = _campaigns(printable)
    needs_place = {
        award: "place" in set().union(*(layout.placeholders_used(t) for t in texts.values()))
        for award, texts in texts_by_award.items()
    }  # parsed once per award, not once per recipient
    for proposal in printable:
        missing = []
        if proposal.person and not proposal.person.full_name.strip():
            missing.append(_("full name"))
        if proposal.person and not proposal.person.rank:
            missing.append(_("rank"))
        if missing:
            problems.append(
                _("%(recipient)s: no %(fields)s recorded; add it on the person's record.")
                % {"recipient": _recipient_label(proposal), "fields": _(" and ").join(missing)}
            )
            continue
        values = _values(proposal, decision, campaigns)
        texts = texts_by_award[proposal.award_id]
        if needs_place[proposal.award_id] and not values["place"]:
            problems.append(_("The decision has no place of issue; correct the decision."))
            break
        for line in layout.LINES:
            if len(layout.fill(texts[line.name], values)) > line.max_length:
                problems.append(
                    _("%(recipient)s: the %(line)s is longer than %(max)s characters.")
                    % {
                        "recipient": _recipient_label(proposal),
                        "line": line.label,
                        "max": line.max_length,
                    }
                )
    return problems


@transaction.atomic
def certificates_issue(
    *, user: AbstractBaseUser, decision: AwardDecision, proposals: list[Proposal]
) -> list[Certificate]:
    """The certificates of ``proposals`` in order, issuing serials to those without one.

    Idempotent and safe when run concurrently: the year's counter row is locked first, and a
    proposal has at most one certificate.
    """
    year = decision.date.year
    SerialCounter.objects.get_or_create(year=year)
    counter = SerialCounter.objects.select_for_update().get(year=year)
    issued = {
        c.proposal_id: c for c in Certificate.objects.filter(proposal__in=[p.pk for p in proposals])
    }
    missing = [p for p in proposals if p.pk not in issued]
    if missing:
        campaigns = _campaigns(missing)
        texts_by_award = {award.pk: template_texts(award) for award in {p.award for p in missing}}
        now = timezone.now()
        new = []
        for proposal in missing:
            counter.last_number += 1
            serial = f"KT{year}-{counter.last_number:06d}"
            values = {**_values(proposal, decision, campaigns), "serial": serial}
            texts = texts_by_award[proposal.award_id]
            new.append(
                Certificate(
                    proposal=proposal,
                    serial=serial,
                    code=secrets.token_urlsafe(15),
                    lines={
                        line.name: layout.fill(texts[line.name], values) for line in layout.LINES
                    },
                    issued_at=now,
                    issued_by=user,
                )
            )
        counter.save(update_fields=["last_number"])
        for certificate in Certificate.objects.bulk_create(new, batch_size=500):
            issued[certificate.proposal_id] = certificate
        audit_record(
            action="certificate.issue",
            actor=user,
            target=decision,
            data={"count": len(new), "first": new[0].serial, "last": new[-1].serial},
        )
    return [issued[p.pk] for p in proposals]


# --- Printers --------------------------------------------------------------------------------


def offset_problems(offset_x: Decimal | float, offset_y: Decimal | float) -> list[str]:
    """Offsets that would push a printed line off the A4 landscape page."""
    x, y = float(offset_x), float(offset_y)
    problems = []
    printed = [line.box for line in layout.LINES if line.variable] + [layout.QR_BOX]
    left = min(box.x for box in printed)
    right = layout.PAGE_WIDTH_MM - max(box.x + box.width for box in printed)
    top = min(box.y for box in printed)
    bottom = layout.PAGE_HEIGHT_MM - max(box.y + box.height for box in printed)
    if not -left <= x <= right:
        problems.append(
            _(
                "The horizontal offset would push text off the page: keep it between "
                "%(low)s and %(high)s mm."
            )
            % {"low": number(-left), "high": number(right)}
        )
    if not -top <= y <= bottom:
        problems.append(
            _(
                "The vertical offset would push text off the page: keep it between "
                "%(low)s and %(high)s mm."
            )
            % {"low": number(-top), "high": number(bottom)}
        )
    return problems


def profile_save(
    *, user: AbstractBaseUser, bloc: Bloc, data: dict[str, Any], profile: PrinterProfile | None
) -> PrinterProfile:
    if not printer_can_manage(user=user, bloc=bloc):
        raise PermissionDenied
    problems = offset_problems(data["offset_x_mm"], data["offset_y_mm"])
    if problems:
        raise ValidationError(problems)
    return model_save(
        actor=user,
        instance=profile or PrinterProfile(bloc=bloc),
        data=data,
        fields=("name", "offset_x_mm", "offset_y_mm"),
    )


# --- Printing --------------------------------------------------------------------------------


def batch_request(
    *,
    user: AbstractBaseUser,
    decision: AwardDecision,
    bloc: Bloc,
    output: str,
    mode: str,
    profile: PrinterProfile | None,
    language: str,
) -> Job:
    """Queue the printing of a decision's certificates in a bloc, once nothing stops it."""
    year = awards_year(decision=decision, bloc=bloc)
    if not certificate_can_print(user=user, bloc=bloc, year=year):
        raise PermissionDenied
    if output not in FORMATS or mode not in MODES:
        raise ValidationError(_("Choose how to print the certificates."))
    if profile is not None and profile.bloc_id != bloc.pk:
        raise PermissionDenied
    problems = print_problems(decision=decision, bloc=bloc)
    if mode == "blank":
        if profile is None:
            problems.append(_("Choose the printer whose offsets apply to the blanks."))
        else:
            problems += offset_problems(profile.offset_x_mm, profile.offset_y_mm)
    if problems:
        raise ValidationError(problems)
    return job_request(
        user=user,
        kind=BATCH,
        bloc_id=bloc.pk,
        year=year,
        language=language,
        params={
            "decision": decision.pk,
            "output": output,
            "mode": mode,
            # The offsets as they are now: a batch prints with one set, whatever changes later.
            "offset": [str(profile.offset_x_mm), str(profile.offset_y_mm)] if profile else None,
            "printer": profile.name if profile else "",
        },
    )


def certificate_printable(certificate: Certificate) -> bool:
    return certificate.proposal.status != ProposalStatus.REVOKED
