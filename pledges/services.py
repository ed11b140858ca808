"""Every rule of the pledge's life: drafting, proposals, opening, signing, new versions."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import user_has_device

from accounts.notifications import notifications_done, notify
from accounts.services import otp_check
from audit.context import client_ip
from audit.saving import model_save
from audit.services import audit_record, transition_apply
from blocs.models import Campaign, Person, Role, RoleKind, Unit
from blocs.scope import scope_for
from emulation_portal.lib.errors import RuleError
from emulation_portal.lib.text import free_text, nfc
from jobs.models import Job
from jobs.services import job_request

from .changes import changes_since_signing
from .models import (
    PLEDGE_TRANSITIONS,
    Pledge,
    PledgeEvent,
    PledgeSection,
    PledgeStatus,
    PledgeVersion,
    Signature,
    SigningDelegation,
    Target,
    TargetStatus,
    TitleRegistration,
)
from .selectors import pledge_can_manage, pledge_member_units, units_delegated_to

PLEDGE_FIELDS = ("title", "preamble", "signing_deadline", "mid_year_deadline", "year_end_deadline")
SECTION_FIELDS = ("order", "title", "body")
TARGET_FIELDS = (
    "unit",
    "order",
    "goal",
    "subject",
    "content",
    "indicator",
    "direction",
    "target_value",
    "measure_unit",
    "deadline",
    "evidence",
)
REGISTRATION_FIELDS = ("collective_title", "individual_count", "individual_names")


class PledgeError(RuleError):
    """A rule of the pledge was broken; the message says which, in the user's language."""


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _locked(pledge: Pledge) -> Pledge:
    return Pledge.objects.select_for_update().select_related("campaign").get(pk=pledge.pk)


def _transition(*, pledge: Pledge, to: str, actor: AbstractBaseUser, reason: str = "") -> None:
    refused = PledgeError(
        _("This cannot be done while the pledge is “%(status)s”.")
        % {"status": pledge.get_status_display()}
    )
    transition_apply(
        obj=pledge,
        to=to,
        actor=actor,
        allowed=PLEDGE_TRANSITIONS,
        record=PledgeEvent,
        refused=refused,
        reason=reason,
    )


def _require_draft(pledge: Pledge) -> None:
    if not pledge.is_editable:
        raise PledgeError(
            _("The pledge is frozen for signature. Start a new version to change it.")
        )


# --- Drafting ---------------------------------------------------------------------------------


@transaction.atomic
def pledge_create(
    *, user: AbstractBaseUser, campaign: Campaign, data: dict[str, Any], copy_from: Pledge | None
) -> Pledge:
    """A new draft for ``campaign``, optionally starting from an earlier pledge's text."""
    _require(scope_for(user).can_write_year(campaign.bloc_id, campaign.year))
    pledge = model_save(
        actor=user, instance=Pledge(campaign=campaign), data=data, fields=PLEDGE_FIELDS
    )
    if copy_from is not None:
        _copy_content(source=copy_from, pledge=pledge, user=user)
    return pledge


def _copy_content(*, source: Pledge, pledge: Pledge, user: AbstractBaseUser) -> None:
    members = set(pledge_member_units(pledge=pledge).values_list("pk", flat=True))
    PledgeSection.objects.bulk_create(
        PledgeSection(pledge=pledge, order=s.order, title=s.title, body=s.body)
        for s in source.sections.all()
    )
    campaign = pledge.campaign
    Target.objects.bulk_create(
        Target(
            pledge=pledge,
            unit_id=t.unit_id,
            order=t.order,
            goal=t.goal,
            subject=t.subject,
            content=t.content,
            indicator=t.indicator,
            direction=t.direction,
            target_value=t.target_value,
            measure_unit=t.measure_unit,
            evidence=t.evidence,
            status=TargetStatus.ACCEPTED,
            # Same day and month in the new campaign, kept inside its dates.
            deadline=min(
                max(_same_day(t.deadline, campaign.year), campaign.start_date), campaign.end_date
            ),
        )
        for t in source.targets.filter(unit_id__in=members)
    )
    audit_record(action="pledge.copy", actor=user, target=pledge, data={"from": source.pk})


def _same_day(day: Any, year: int) -> Any:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def pledge_update(*, user: AbstractBaseUser, pledge: Pledge, data: dict[str, Any]) -> Pledge:
    _require(pledge_can_manage(user=user, pledge=pledge))
    with transaction.atomic():
        pledge = _locked(pledge)
        _require_draft(pledge)
        return model_save(actor=user, instance=pledge, data=data, fields=PLEDGE_FIELDS)


def section_save(
    *,
    user: AbstractBaseUser,
    pledge: Pledge,
    data: dict[str, Any],
    section: PledgeSection | None = None,
) -> PledgeSection:
    _require(pledge_can_manage(user=user, pledge=pledge))
    with transaction.atomic():
        _require_draft(_locked(pledge))
        instance = section or PledgeSection(pledge=pledge)
        return model_save(actor=user, instance=instance, data=data, fields=SECTION_FIELDS)


def target_can_edit(*, user: AbstractBaseUser, target: Target) -> bool:
    if pledge_can_manage(user=user, pledge=target.pledge):
        return True
    own = target.unit_id in scope_for(user).commanded_unit_ids
    return own and target.status in (TargetStatus.PROPOSED, TargetStatus.RETURNED)


def target_save(
    *, user: AbstractBaseUser, pledge: Pledge, data: dict[str, Any], target: Target | None = None
) -> Target:
    """The secretariat writes targets for any unit; a commander proposes them for their own.

    A commander's target waits for the secretariat to accept it; editing a returned one
    proposes it again.
    """
    manager = pledge_can_manage(user=user, pledge=pledge)
    unit: Unit = data["unit"]
    if target is not None:
        _require(target_can_edit(user=user, target=target))
    _require(manager or unit.pk in scope_for(user).commanded_unit_ids)
    if not pledge_member_units(pledge=pledge).filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("This unit is not a member of the bloc that year.")})
    _check_deadline(pledge=pledge, deadline=data.get("deadline"))
    with transaction.atomic():
        _require_draft(_locked(pledge))
        instance = target or Target(pledge=pledge)
        if not manager:
            instance.status = TargetStatus.PROPOSED
            instance.proposed_by = user
        data = {**data, "status": instance.status}
        return model_save(
            actor=user, instance=instance, data=data, fields=(*TARGET_FIELDS, "status")
        )


def _check_deadline(*, pledge: Pledge, deadline: Any) -> None:
    campaign = pledge.campaign
    if deadline is not None and not campaign.start_date <= deadline <= campaign.end_date:
        raise ValidationError(
            {
                "deadline": _("The deadline must fall within the campaign (%(start)s – %(end)s).")
                % {
                    "start": campaign.start_date.strftime("%d/%m/%Y"),
                    "end": campaign.end_date.strftime("%d/%m/%Y"),
                }
            }
        )


def target_review(
    *, user: AbstractBaseUser, target: Target, accept: bool, comment: str = ""
) -> Target:
    """The secretariat accepts a unit's proposed target, or returns it with a comment."""
    comment = free_text(comment)
    _require(pledge_can_manage(user=user, pledge=target.pledge))
    if not accept and not comment.strip():
        raise ValidationError({"comment": _("Say why the target is returned.")})
    with transaction.atomic():
        _require_draft(_locked(target.pledge))
        status = TargetStatus.ACCEPTED if accept else TargetStatus.RETURNED
        return model_save(
            actor=user,
            instance=target,
            data={"status": status, "review_comment": comment.strip()},
            fields=("status", "review_comment"),
        )


def target_delete(*, user: AbstractBaseUser, target: Target) -> None:
    _require(target_can_edit(user=user, target=target))
    with transaction.atomic():
        _require_draft(_locked(target.pledge))
        audit_record(action="target.delete", actor=user, target=target)
        target.delete()


def registration_save(
    *, user: AbstractBaseUser, pledge: Pledge, unit: Unit, data: dict[str, Any]
) -> TitleRegistration:
    scope = scope_for(user)
    _require(pledge_can_manage(user=user, pledge=pledge) or unit.pk in scope.commanded_unit_ids)
    instance = TitleRegistration.objects.filter(pledge=pledge, unit=unit).first()
    instance = instance or TitleRegistration(pledge=pledge, unit=unit)
    data = {**data, "individual_names": nfc(data.get("individual_names", "")).strip()}
    return model_save(actor=user, instance=instance, data=data, fields=REGISTRATION_FIELDS)


# --- The frozen text --------------------------------------------------------------------------


def pledge_canonical_text(*, pledge: Pledge) -> str:
    """The pledge as one canonical string: the exact thing a signature's digest covers."""
    campaign = pledge.campaign
    document = {
        "bloc": campaign.bloc.name,
        "campaign": campaign.name,
        "year": campaign.year,
        "title": pledge.title,
        "preamble": pledge.preamble,
        "members": list(pledge_member_units(pledge=pledge).values_list("name", flat=True)),
        "sections": [
            {"title": s.title, "body": s.body} for s in pledge.sections.order_by("order", "pk")
        ],
        "targets": [
            {
                "unit": t.unit.name,
                "goal": t.goal,
                "subject": t.subject,
                "content": t.content,
                "indicator": t.indicator,
                "direction": t.direction,
                "target_value": str(Decimal(t.target_value).quantize(Decimal("0.01"))),
                "measure_unit": t.measure_unit,
                "deadline": t.deadline.isoformat(),
                "evidence": t.evidence,
            }
            for t in pledge.targets.select_related("unit").order_by("unit__name", "order", "pk")
        ],
    }
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return nfc(text)


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@transaction.atomic
def pledge_open_for_signature(*, user: AbstractBaseUser, pledge: Pledge) -> PledgeVersion:
    """Freeze the text as a new version; from now on it cannot change without a new version."""
    _require(pledge_can_manage(user=user, pledge=pledge))
    pledge = _locked(pledge)
    _check_ready(pledge)
    text = pledge_canonical_text(pledge=pledge)
    number = (pledge.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = PledgeVersion.objects.create(
        pledge=pledge,
        number=number,
        canonical_text=text,
        digest=digest_of(text),
        opened_at=timezone.now(),
        opened_by=user,
    )
    _transition(pledge=pledge, to=PledgeStatus.OPEN, actor=user)
    roles = Role.objects.filter(
        kind=RoleKind.COMMANDER, unit__in=pledge_member_units(pledge=pledge)
    ).select_related("user")
    commanders: dict[int, list[AbstractBaseUser]] = {}
    for role in roles:
        commanders.setdefault(role.unit_id, []).append(role.user)
    for unit_id, users in commanders.items():
        notify(
            users=users,
            message=_("“%(title)s” is open for your unit's signature.") % {"title": pledge.title},
            url=reverse("pledges:sign", args=[pledge.pk]),
            awaits=signature_awaited(pledge=pledge, unit_id=unit_id),
        )
    return version


def signature_awaited(*, pledge: Pledge, unit_id: int) -> str:
    """The key of the notifications that wait for a unit to sign the pledge."""
    return f"pledge:{pledge.pk}:sign:unit:{unit_id}"


def _check_ready(pledge: Pledge) -> None:
    if pledge.status != PledgeStatus.DRAFT:
        raise PledgeError(_("Only a draft can be opened for signature."))
    waiting = pledge.targets.exclude(status=TargetStatus.ACCEPTED).count()
    if waiting:
        raise PledgeError(
            _("%(count)s target(s) still wait for the secretariat's decision.") % {"count": waiting}
        )
    without = pledge_member_units(pledge=pledge).exclude(targets__pledge=pledge)
    if without.exists():
        names = ", ".join(without.values_list("name", flat=True))
        raise PledgeError(_("These units have no target yet: %(units)s.") % {"units": names})


@transaction.atomic
def pledge_new_version(*, user: AbstractBaseUser, pledge: Pledge, reason: str) -> Pledge:
    """Reopen the text for changes. The current version is superseded and every signature
    on it is void: the units must sign the next version again."""
    reason = free_text(reason)
    _require(pledge_can_manage(user=user, pledge=pledge))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the signed text must change.")})
    pledge = _locked(pledge)
    current = pledge.versions.filter(superseded_at__isnull=True).first()
    if current is None or pledge.status == PledgeStatus.DRAFT:
        raise PledgeError(_("The pledge is already a draft."))
    voided = current.signatures.count()
    current.superseded_at, current.superseded_by = timezone.now(), user
    current.superseded_reason = reason.strip()
    current.save(update_fields=["superseded_at", "superseded_by", "superseded_reason"])
    units = pledge_member_units(pledge=pledge).values_list("pk", flat=True)
    notifications_done(awaits=[signature_awaited(pledge=pledge, unit_id=pk) for pk in units])
    _transition(
        pledge=pledge,
        to=PledgeStatus.DRAFT,
        actor=user,
        reason=_("%(reason)s (%(count)s signature(s) voided)")
        % {"reason": reason.strip(), "count": voided},
    )
    return pledge


# --- Signing ----------------------------------------------------------------------------------


def signing_requires_otp(*, user: AbstractBaseUser) -> bool:
    return settings.PORTAL_SIGNING_REQUIRES_OTP or user_has_device(user)


def pledge_sign(
    *,
    user: AbstractBaseUser,
    pledge: Pledge,
    unit: Unit,
    password: str,
    otp_code: str,
    request: HttpRequest,
) -> Signature:
    """Sign the open version for ``unit``, after the password (and code) are checked again.

    Signing twice (a double click) returns the first signature. ``request`` is only the
    context the password check needs (lockout counting per address).
    """
    commander = unit.pk in scope_for(user).commanded_unit_ids
    _require(commander or unit.pk in units_delegated_to(user=user))
    if not pledge_member_units(pledge=pledge).filter(pk=unit.pk).exists():
        raise PermissionDenied
    checked = authenticate(request, username=user.get_username(), password=password)
    if checked is None or checked.pk != user.pk:
        raise ValidationError({"password": _("The password is not right.")})
    with_otp = signing_requires_otp(user=user)
    if with_otp:
        if not user_has_device(user):
            raise PledgeError(_("Set up your authenticator app first (My account)."))
        if otp_check(user=user, token=otp_code or "") is None:
            raise ValidationError({"otp_code": _("This code is not right or has expired.")})
    with transaction.atomic():
        pledge = _locked(pledge)
        if pledge.status == PledgeStatus.DRAFT:
            raise PledgeError(_("This version is no longer open for signature."))
        version = pledge.versions.get(superseded_at__isnull=True)
        existing = version.signatures.filter(unit=unit).first()
        if existing is not None:
            return existing
        signature = _signature_create(
            user=user, version=version, unit=unit, with_otp=with_otp, as_delegate=not commander
        )
        notifications_done(awaits=signature_awaited(pledge=pledge, unit_id=unit.pk))
        if (
            not pledge_member_units(pledge=pledge)
            .exclude(pk__in=version.signatures.values("unit_id"))
            .exists()
        ):
            _transition(pledge=pledge, to=PledgeStatus.SIGNED, actor=user)
            pledge_document_request(user=user, pledge=pledge)
    return signature


def pledge_document_request(*, user: AbstractBaseUser, pledge: Pledge) -> Job:
    """Queue the signed pledge's PDF (done by itself when the last unit signs)."""
    if pledge.status != PledgeStatus.SIGNED:
        raise PledgeError(_("The pledge is printed once every unit has signed."))
    version = pledge.versions.get(superseded_at__isnull=True)
    campaign = pledge.campaign
    return job_request(
        user=user,
        kind="pledge_document",
        bloc_id=campaign.bloc_id,
        year=campaign.year,
        language=settings.LANGUAGE_CODE,
        params={"pledge": pledge.pk, "version": version.number},
    )


def _signature_create(
    *,
    user: AbstractBaseUser,
    version: PledgeVersion,
    unit: Unit,
    with_otp: bool,
    as_delegate: bool,
) -> Signature:
    person = Person.objects.filter(user=user).first()
    name = person.full_name if person else (user.get_full_name() or user.get_username())
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                version=version,
                unit=unit,
                signed_by=user,
                signer_name=name,
                signer_position=person.position if person else "",
                as_delegate=as_delegate,
                signed_at=timezone.now(),
                ip=client_ip.get(),
                digest=version.digest,
                with_otp=with_otp,
            )
    except IntegrityError as error:
        raise PledgeError(_("This unit has just been signed for. Reload the page.")) from error
    audit_record(
        action="pledge.sign",
        actor=user,
        target=version.pledge,
        data={"unit": unit.name, "version": version.number, "digest": version.digest},
    )
    return signature


# --- Verification -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    version: PledgeVersion | None
    stored_text_intact: bool  # the frozen text still hashes to its digest
    signatures_match: bool  # every signature covers that digest
    changes: tuple[str, ...] = ()  # what the live rows say differently from the signed text

    @property
    def ok(self) -> bool:
        """The signed document is genuine; ``changes`` may still list what changed around it."""
        return self.stored_text_intact and self.signatures_match


def pledge_verify(*, pledge: Pledge) -> Verification:
    """Check the signed text against its digest and signatures, then compare the live rows.

    Only the first check can call the document tampered with: a bloc renamed after signing
    changes the live rows, not what was signed, and is listed among the ``changes``.
    """
    version = pledge.versions.filter(superseded_at__isnull=True).first()
    if version is None or pledge.status == PledgeStatus.DRAFT:
        return Verification(version, False, False)
    intact = hmac.compare_digest(digest_of(version.canonical_text), version.digest)
    live_text = pledge_canonical_text(pledge=pledge)
    return Verification(
        version=version,
        stored_text_intact=intact,
        signatures_match=not version.signatures.exclude(digest=version.digest).exists(),
        # An altered frozen text is no reference to compare the live rows with.
        changes=tuple(
            changes_since_signing(signed_text=version.canonical_text, live_text=live_text)
            if intact
            else ()
        ),
    )


# --- Delegation -------------------------------------------------------------------------------


@transaction.atomic
def delegation_grant(
    *, user: AbstractBaseUser, unit: Unit, delegate: AbstractBaseUser
) -> SigningDelegation:
    """A commander lets a person of the same unit (with a portal account) sign for it."""
    _require(unit.pk in scope_for(user).commanded_unit_ids)
    if not Person.objects.filter(unit=unit, user=delegate).exists():
        raise ValidationError({"delegate": _("The delegate must be one of the unit's people.")})
    if delegate.pk == user.pk:
        raise ValidationError({"delegate": _("You sign for your unit already.")})
    delegation = SigningDelegation(
        unit=unit, delegate=delegate, granted_by=user, granted_at=timezone.now()
    )
    delegation.full_clean()
    delegation.save()
    audit_record(action="delegation.grant", actor=user, target=delegation, data={"unit": unit.name})
    return delegation


@transaction.atomic
def delegation_revoke(*, user: AbstractBaseUser, delegation: SigningDelegation) -> None:
    _require(delegation.unit_id in scope_for(user).commanded_unit_ids)
    if delegation.revoked_at is None:
        delegation.revoked_at, delegation.revoked_by = timezone.now(), user
        delegation.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(action="delegation.revoke", actor=user, target=delegation)
