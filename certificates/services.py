"""Certificates: who may print them, what they say, and issuing their serial numbers.

A certificate's text is resolved from its award's template once, when its serial is issued,
and stored with it: a reprint prints the same serial and the same words, whatever changed in
the template since. A revoked award is never printed again.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, Max, Min, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, Length, Trim
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

from audit.saving import model_save
from audit.services import audit_record
from awards.models import (
    AwardCategory,
    AwardDecision,
    AwardType,
    NomineeKind,
    Proposal,
    ProposalStatus,
)
from awards.proposals import decision_can_record
from blocs.models import Bloc, Campaign, rank_label, rank_labels
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
# The cache (Redis in production) cannot be reached: what is cached is computed again.
CACHE_DOWN = (RedisError, OSError)
# What the certificates print of their decision.
DECISION_FIELDS = (
    "authority",
    "number",
    "date",
    "signer_name",
    "signer_rank",
    "signer_position",
    "place",
)


# --- Who may do what -------------------------------------------------------------------------


def certificate_can_print(*, user: AbstractBaseUser, bloc: Bloc, year: int) -> bool:
    """The secretariat managing the bloc's year, the command's reviewers, administrators."""
    return scope_for(user).can_write_year(bloc.pk, year) or decision_can_record(
        user=user, bloc=bloc
    )


def awards_years(*, decision: AwardDecision, blocs: Iterable[Bloc]) -> dict[int, int]:
    """The year whose achievements the decision rewards in each bloc (a decision of January
    often rewards the year before): the secretariat of that year prints its certificates."""
    blocs = list(blocs)
    found = dict(
        decision.recipients.filter(bloc_id__in=[bloc.pk for bloc in blocs])
        .values("bloc_id")
        .annotate(year=Max("year"))
        .order_by()
        .values_list("bloc_id", "year")
    )
    return {bloc.pk: found.get(bloc.pk) or decision.date.year for bloc in blocs}


def awards_year(*, decision: AwardDecision, bloc: Bloc) -> int:
    return awards_years(decision=decision, blocs=[bloc])[bloc.pk]


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
        award_code=award.code,
        title=award.category == AwardCategory.TITLE,
        collective=award.nominee_kind == NomineeKind.COLLECTIVE,
    )
    try:
        saved = award.certificate_template  # one query, or none when selected with the award
    except CertificateTemplate.DoesNotExist:
        saved = None
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


def _values(
    proposal: Proposal, campaigns: dict[tuple[int, int], str], shared: dict[str, str]
) -> dict[str, str]:
    """What fills a recipient's certificate; ``shared``: the decision's values in its bloc."""
    person, unit = proposal.person, proposal.unit
    rank = rank_label(person.rank, "vi") if person else ""
    return {
        **shared,
        "award": proposal.award.name,
        "recipient": f"{rank} {person.full_name}".strip() if person else unit.name,
        "recipient_rank": rank,
        "recipient_name": person.full_name if person else unit.name,
        "recipient_position": person.position if person else "",
        "unit": unit.name,
        "year": str(proposal.year),
        "campaign": campaigns.get((proposal.bloc_id, proposal.year), ""),
    }


def _decision_values(decision: AwardDecision, bloc: Bloc) -> dict[str, str]:
    """The values every certificate of the decision in a bloc shares."""
    date = administrative_date_parts(decision.date)
    return {
        "conferrer": layout.conferrer(
            position=decision.signer_position, authority=decision.authority
        ),
        "decision_authority": decision.authority,
        "decision_number": decision.number,
        "decision_date": f"{decision.date:%d/%m/%Y}",
        "place": decision.place or bloc.place,
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
    return _campaign_names(bloc_ids={b for b, _ in keys}, years={y for _, y in keys})


def _campaign_names(*, bloc_ids: set[int], years: set[int]) -> dict[tuple[int, int], str]:
    found = Campaign.objects.filter(bloc_id__in=bloc_ids, year__in=years).values_list(
        "bloc_id", "year", "name"
    )
    return {(bloc, year): name for bloc, year, name in found}


def _recipient_label(proposal: Proposal) -> str:
    if proposal.person:
        return f"{proposal.person.full_name or '?'} ({proposal.unit.name})"
    return proposal.unit.name


# --- The pre-print check ---------------------------------------------------------------------
#
# The check reads the recipients in SQL, one query for every bloc of the decision: per bloc
# and award, how many recipients lack a name or a rank, and the longest value of each field.
# Each template line is filled once with the longest values: if that fits, every recipient's
# line fits, and only a line that may not fit is filled recipient by recipient. A clean result
# is cached under a digest of everything it read (those figures, the templates, the decision,
# the campaigns), so a change to any of them is a new key and shows at once.

CHECK_CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class _Figures:
    """The longest values (in characters) of the printable recipients of one award in a bloc."""

    count: int
    no_name: int
    no_rank: int
    name: int
    rank: int
    position: int
    unit: int
    first_year: int
    last_year: int


def _figures(*, decision: AwardDecision, bloc_ids: Iterable[int]) -> dict[int, dict[int, _Figures]]:
    """{bloc: {award: figures}} of the decision's printable recipients, in one query."""
    rank_length = Case(
        *(
            When(person__rank=code, then=Value(len(label)))
            for code, label in rank_labels("vi").items()
        ),
        default=Value(0),
        output_field=IntegerField(),
    )
    person = Q(person__isnull=False)
    rows = (
        decision.recipients.filter(bloc_id__in=list(bloc_ids))
        .exclude(status=ProposalStatus.REVOKED)
        .alias(name_length=Length(Trim("person__full_name")))
        .values("bloc_id", "award_id")
        .annotate(
            count=Count("pk"),
            no_name=Count("pk", filter=person & Q(name_length=0)),
            no_rank=Count("pk", filter=person & Q(person__rank="")),
            name=Max(Length(Coalesce("person__full_name", "unit__name"))),
            rank=Max(rank_length),
            position=Max(Coalesce(Length("person__position"), 0)),
            unit=Max(Length("unit__name")),
            first_year=Min("year"),
            last_year=Max("year"),
        )
        .order_by()
    )
    found: dict[int, dict[int, _Figures]] = {}
    for row in rows:
        bloc, award = row.pop("bloc_id"), row.pop("award_id")
        found.setdefault(bloc, {})[award] = _Figures(**row)
    return found


def _templates(award_ids: Iterable[int]) -> dict[int, tuple[AwardType, dict[str, str]]]:
    """Each award with its template's lines, two queries for all of them."""
    awards = AwardType.objects.filter(pk__in=list(award_ids)).select_related("certificate_template")
    return {award.pk: (award, template_texts(award)) for award in awards}


def _longest(figures: _Figures, award: AwardType, campaign: int) -> dict[str, str]:
    """Values as long as the longest of any recipient's: a line they fill is the longest the
    line can be (each value fills its place whole, so no recipient's is longer)."""
    longest = {
        "award": award.name,
        "recipient": "x" * (figures.rank + 1 + figures.name),
        "recipient_rank": "x" * figures.rank,
        "recipient_name": "x" * figures.name,
        "recipient_position": "x" * figures.position,
        "unit": "x" * figures.unit,
        "year": str(figures.last_year),
        "campaign": "x" * campaign,
    }
    return longest


def _check_key(
    decision: AwardDecision,
    bloc: Bloc,
    figures: dict[int, _Figures],
    templates: dict[int, tuple[AwardType, dict[str, str]]],
    campaigns: dict[tuple[int, int], str],
) -> str:
    read = (
        translation.get_language(),
        [getattr(decision, name) for name in DECISION_FIELDS],
        bloc.place,
        sorted(figures.items()),
        [(pk, templates[pk][0].name, sorted(templates[pk][1].items())) for pk in sorted(figures)],
        sorted(name for (bloc_id, _y), name in campaigns.items() if bloc_id == bloc.pk),
    )
    digest = hashlib.sha256(repr(read).encode()).hexdigest()[:32]
    return f"certificates:print-check:{decision.pk}:{bloc.pk}:{digest}"


def print_checks(*, decision: AwardDecision, blocs: Iterable[Bloc]) -> dict[int, list[str]]:
    """Everything that would stop the decision's certificates printing in each bloc, naming
    what to fix: {bloc pk: problems}. The same few queries whatever the number of blocs."""
    blocs = list(blocs)
    figures = _figures(decision=decision, bloc_ids=[bloc.pk for bloc in blocs])
    templates = _templates({award for per_bloc in figures.values() for award in per_bloc})
    campaigns = _campaign_names(
        bloc_ids=set(figures),
        years={
            year
            for per_bloc in figures.values()
            for found in per_bloc.values()
            for year in range(found.first_year, found.last_year + 1)
        },
    )
    keys = {
        bloc.pk: _check_key(decision, bloc, figures.get(bloc.pk, {}), templates, campaigns)
        for bloc in blocs
    }
    cached: dict[str, list[str]] = {}
    with contextlib.suppress(*CACHE_DOWN):  # without the cache, the check is made again
        cached = cache.get_many(list(keys.values()))
    results: dict[int, list[str]] = {}
    to_name: dict[int, dict[int, list[layout.Line]]] = {}  # bloc: {award: lines to check}
    for bloc in blocs:
        if keys[bloc.pk] in cached:
            results[bloc.pk] = cached[keys[bloc.pk]]
            continue
        per_bloc = figures.get(bloc.pk, {})
        results[bloc.pk], suspects = _bloc_problems(decision, bloc, per_bloc, templates, campaigns)
        if suspects is not None:
            to_name[bloc.pk] = suspects
    if to_name:
        _name_recipients(decision, to_name, templates, results)
    fresh = {keys[pk]: problems for pk, problems in results.items() if pk not in to_name}
    with contextlib.suppress(*CACHE_DOWN):
        cache.set_many(
            {key: value for key, value in fresh.items() if key not in cached},
            CHECK_CACHE_SECONDS,
        )
    return results


def print_problems(*, decision: AwardDecision, bloc: Bloc) -> list[str]:
    """Everything that would stop the decision's certificates printing in a bloc."""
    return print_checks(decision=decision, blocs=[bloc])[bloc.pk]


def _bloc_problems(
    decision: AwardDecision,
    bloc: Bloc,
    figures: dict[int, _Figures],
    templates: dict[int, tuple[AwardType, dict[str, str]]],
    campaigns: dict[tuple[int, int], str],
) -> tuple[list[str], dict[int, list[layout.Line]] | None]:
    """The bloc's problems that name no recipient, and the lines (by award) to check
    recipient by recipient, or None when no recipient needs naming."""
    if not figures:
        return [_("The decision has no recipient in this bloc whose award still stands.")], None
    problems: list[str] = []
    for award_pk in sorted(figures):
        award, texts = templates[award_pk]
        problems += [
            _("Certificate template of “%(award)s”: %(problem)s")
            % {"award": award.name, "problem": problem}
            for problem in template_problems(texts)
        ]
    if problems:
        return problems, None
    shared = _decision_values(decision, bloc)
    suspects: dict[int, list[layout.Line]] = {}
    for award_pk, found in sorted(figures.items()):
        award, texts = templates[award_pk]
        used = set().union(*(layout.placeholders_used(text) for text in texts.values()))
        if "place" in used and not shared["place"]:
            return [_("The decision has no place of issue; correct the decision.")], None
        campaign = max(
            (
                len(name)
                for (bloc_pk, year), name in campaigns.items()
                if bloc_pk == bloc.pk and found.first_year <= year <= found.last_year
            ),
            default=0,
        )
        longest = {**shared, **_longest(found, award, campaign)}
        lines = [
            line
            for line in layout.LINES
            if len(texts[line.name].format_map(longest)) > line.max_length
        ]
        if lines or found.no_name or found.no_rank:
            suspects[award_pk] = lines
    return problems, (suspects or None)


def _name_recipients(
    decision: AwardDecision,
    to_name: dict[int, dict[int, list[layout.Line]]],
    templates: dict[int, tuple[AwardType, dict[str, str]]],
    results: dict[int, list[str]],
) -> None:
    """Add the problems naming recipients, in the decision's order: a missing name or rank,
    a line too long. One query for every bloc that has them."""
    suspects = (
        decision.recipients.filter(bloc_id__in=list(to_name))
        .exclude(status=ProposalStatus.REVOKED)
        .select_related("award", "unit", "person", "bloc")
        .order_by("bloc_id", F("decision_order").asc(nulls_last=True), "pk")
    )
    suspects = [p for p in suspects if p.award_id in to_name[p.bloc_id]]
    campaigns = _campaigns(suspects)
    shared = {bloc_pk: {} for bloc_pk in to_name}
    for proposal in suspects:
        problems = results[proposal.bloc_id]
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
        lines = to_name[proposal.bloc_id][proposal.award_id]
        if not lines:
            continue
        shared[proposal.bloc_id] = shared[proposal.bloc_id] or _decision_values(
            decision, proposal.bloc
        )
        values = _values(proposal, campaigns, shared[proposal.bloc_id])
        texts = templates[proposal.award_id][1]
        for line in lines:
            if len(layout.fill(texts[line.name], values)) > line.max_length:
                problems.append(
                    _("%(recipient)s: the %(line)s is longer than %(max)s characters.")
                    % {
                        "recipient": _recipient_label(proposal),
                        "line": line.label,
                        "max": line.max_length,
                    }
                )


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
        shared = {p.bloc_id: _decision_values(decision, p.bloc) for p in missing}
        now = timezone.now()
        new = []
        for proposal in missing:
            counter.last_number += 1
            serial = f"KT{year}-{counter.last_number:06d}"
            values = {
                **_values(proposal, campaigns, shared[proposal.bloc_id]),
                "serial": serial,
            }
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
