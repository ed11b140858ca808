"""The joint emulation pledge: common sections, each unit's measurable targets ("6 rõ"),
title registrations, frozen versions and the commanders' signatures."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from audit.models import TransitionRecord
from blocs.models import Campaign, Unit
from emulation_portal.lib.fields import LineField, ParagraphField
from emulation_portal.lib.uploads import StoredUpload


class PledgeStatus(models.TextChoices):
    DRAFT = "draft", _("Being drafted")
    OPEN = "open", _("Open for signature")
    SIGNED = "signed", _("Signed by every unit")


# The one list of allowed transitions: (from, to) -> service that performs it.
PLEDGE_TRANSITIONS = {
    (PledgeStatus.DRAFT, PledgeStatus.OPEN): "pledge_open_for_signature",
    (PledgeStatus.OPEN, PledgeStatus.SIGNED): "pledge_sign",
    (PledgeStatus.OPEN, PledgeStatus.DRAFT): "pledge_new_version",
    (PledgeStatus.SIGNED, PledgeStatus.DRAFT): "pledge_new_version",
}


class Pledge(models.Model):
    campaign = models.OneToOneField(
        Campaign, on_delete=models.PROTECT, related_name="pledge", verbose_name=_("campaign")
    )
    title = LineField(_("title"), max_length=255)
    preamble = ParagraphField(_("preamble"), blank=True, max_length=4000)
    status = models.CharField(
        _("status"), max_length=10, choices=PledgeStatus.choices, default=PledgeStatus.DRAFT
    )
    signing_deadline = models.DateField(_("signing deadline"), null=True, blank=True)
    mid_year_deadline = models.DateField(_("mid-year review due"), null=True, blank=True)
    year_end_deadline = models.DateField(_("year-end review due"), null=True, blank=True)
    # Public reference for the verification page (the PDF's QR code links to it).
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("emulation pledge")
        verbose_name_plural = _("emulation pledges")

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status == PledgeStatus.DRAFT


class PledgeSection(models.Model):
    """A commitment shared by every member unit."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = LineField(_("title"), max_length=255)
    body = ParagraphField(_("text"), max_length=8000)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("common section")
        verbose_name_plural = _("common sections")

    def __str__(self) -> str:
        return self.title


class TargetDirection(models.TextChoices):
    AT_LEAST = "at_least", _("At least (more is better)")
    AT_MOST = "at_most", _("At most (less is better)")


class TargetStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed by the unit")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned to the unit")


class Target(models.Model):
    """One measurable target of a unit, stating the six "clears" (6 rõ)."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="targets", verbose_name=_("unit")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    goal = LineField(_("goal"), max_length=500)
    subject = LineField(_("who it applies to"), max_length=255)
    content = ParagraphField(_("content"), max_length=2000)
    indicator = LineField(_("indicator"), max_length=255)
    direction = models.CharField(
        _("the target is reached at"),
        max_length=10,
        choices=TargetDirection.choices,
        default=TargetDirection.AT_LEAST,
    )
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2)
    measure_unit = LineField(_("unit of measure"), max_length=50)
    deadline = models.DateField(_("deadline"))
    evidence = LineField(_("evidence that proves it"), max_length=500)
    status = models.CharField(
        _("status"), max_length=10, choices=TargetStatus.choices, default=TargetStatus.ACCEPTED
    )
    review_comment = ParagraphField(_("secretariat's comment"), blank=True, max_length=2000)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["unit__name", "order", "pk"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.CheckConstraint(
                condition=~Q(indicator=""),
                name="target_has_indicator",
                violation_error_message=_("A target needs an indicator."),
            ),
            models.CheckConstraint(
                condition=Q(target_value__gte=0),
                name="target_value_not_negative",
                violation_error_message=_("The target value cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.indicator}"


class CollectiveTitle(models.TextChoices):
    DETERMINED_TO_WIN = "quyet_thang", _("Determined-to-Win Unit")
    ADVANCED = "tien_tien", _("Advanced Unit")


class TitleRegistration(models.Model):
    """The titles a unit aims for this year, for itself and its people."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="registrations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    collective_title = models.CharField(
        _("collective title"), max_length=20, choices=CollectiveTitle.choices
    )
    individual_count = models.PositiveIntegerField(_("people registering for individual titles"))
    individual_names = ParagraphField(_("their names (one a line)"), blank=True, max_length=4000)

    class Meta:
        verbose_name = _("title registration")
        verbose_name_plural = _("title registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "unit"],
                name="registration_one_per_unit",
                violation_error_message=_("This unit has already registered its titles."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.get_collective_title_display()}"


class PledgeVersion(models.Model):
    """The exact text opened for signature, frozen with its SHA-256 digest."""

    pledge = models.ForeignKey(Pledge, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    canonical_text = models.TextField(editable=False)
    digest = models.CharField(_("SHA-256 digest"), max_length=64, editable=False)
    opened_at = models.DateTimeField(_("opened at"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    superseded_reason = ParagraphField(_("why a new version"), blank=True, max_length=2000)

    class Meta:
        ordering = ["pledge", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["pledge", "number"], name="pledge_version_unique"),
            models.UniqueConstraint(
                fields=["pledge"],
                condition=Q(superseded_at__isnull=True),
                name="pledge_one_current_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pledge} v{self.number}"


class Signature(models.Model):
    """A commander's signature for one unit on one frozen version."""

    version = models.ForeignKey(PledgeVersion, on_delete=models.PROTECT, related_name="signatures")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signer_name = LineField(_("signed by"), max_length=200)
    signer_position = LineField(_("position"), max_length=200)
    as_delegate = models.BooleanField(_("signed as the commander's delegate"), default=False)
    signed_at = models.DateTimeField(_("signed at"))
    ip = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    digest = models.CharField(_("digest signed"), max_length=64)
    with_otp = models.BooleanField(_("confirmed with a one-time code"), default=False)

    class Meta:
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "unit"], name="signature_one_per_unit_and_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.signer_name} · v{self.version.number}"


class PledgeEvent(TransitionRecord):
    """Every status transition of a pledge: who, when, why."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, choices=PledgeStatus.choices)
    to_status = models.CharField(max_length=10, choices=PledgeStatus.choices)

    def __str__(self) -> str:
        return f"{self.pledge}: {self.from_status} → {self.to_status}"


class SigningReminder(models.Model):
    """A reminder e-mail sent to a commander whose unit had not signed yet (one a day)."""

    version = models.ForeignKey(PledgeVersion, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["version", "unit", "user", "sent_on"], name="reminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.sent_on}"


def evidence_path(instance: Evidence, filename: str) -> str:
    """Stored under a name we make: the user's file name is only shown, never used as a path."""
    target = instance.report.target
    return f"evidence/{target.pledge_id}/{target.unit_id}/{uuid.uuid4().hex}{instance.extension}"


class ProgressReport(models.Model):
    """A commander's report on one target: the value reached so far, with evidence.

    Reports are kept as a history; the newest one is the target's current standing.
    """

    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="reports")
    achieved_value = models.DecimalField(_("value reached"), max_digits=14, decimal_places=2)
    narrative = ParagraphField(_("what was done"), max_length=4000)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"))

    class Meta:
        ordering = ["-reported_at", "-pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self) -> str:
        return f"{self.target}: {self.achieved_value}"


class Evidence(StoredUpload):
    report = models.ForeignKey(ProgressReport, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to=evidence_path)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.name


class ReviewKind(models.TextChoices):
    MID_YEAR = "mid_year", _("Mid-year review")
    YEAR_END = "year_end", _("Year-end review")


class UnitReview(models.Model):
    """A unit's mid-year (sơ kết) or year-end (tổng kết) review report."""

    pledge = models.ForeignKey(Pledge, on_delete=models.PROTECT, related_name="reviews")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("review"), max_length=10, choices=ReviewKind.choices)
    summary = ParagraphField(_("results and lessons"), max_length=8000)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    late = models.BooleanField(_("after the deadline"), default=False)

    class Meta:
        verbose_name = _("unit review report")
        verbose_name_plural = _("unit review reports")
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "unit", "kind"],
                name="review_one_per_unit_and_kind",
                violation_error_message=_("This unit has already submitted this review."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.get_kind_display()}"


class SigningDelegation(models.Model):
    """A commander lets a deputy of the same unit sign pledges for it; revocable, kept."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="signing_delegations",
        verbose_name=_("delegate"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("signing delegation")
        verbose_name_plural = _("signing delegations")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "delegate"],
                condition=Q(revoked_at__isnull=True),
                name="delegation_one_active_per_unit_and_delegate",
                violation_error_message=_("This person already signs for the unit."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.delegate} → {self.unit}"
