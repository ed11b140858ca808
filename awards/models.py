"""Awards: the catalogue of titles and forms of reward with their rules as data, proposals,
public notice, review, decisions and revocation, exemplary models, the dossier's files."""

from __future__ import annotations

import uuid
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from audit.models import TransitionRecord
from blocs.models import Bloc, Unit
from emulation_portal.lib.fields import LineField, ParagraphField
from emulation_portal.lib.uploads import StoredUpload

# --- Awards and proposals (hồ sơ đề nghị khen thưởng) ----------------------------------------


class NomineeKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class AwardCategory(models.TextChoices):
    # Danh hiệu thi đua: titles stack by design (a Chiến sĩ thi đua cơ sở is chosen among the
    # Chiến sĩ tiên tiến). Hình thức khen thưởng: one achievement earns one of them.
    TITLE = "title", _("Emulation title")
    FORM = "form", _("Form of reward")


class AwardType(models.Model):
    """An award form or title of the catalogue, with what its dossier needs."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = LineField(_("name"), max_length=200, unique=True)
    category = models.CharField(
        _("kind of award"), max_length=8, choices=AwardCategory.choices, default=AwardCategory.FORM
    )
    nominee_kind = models.CharField(_("awarded to"), max_length=12, choices=NomineeKind.choices)
    level = LineField(_("level"), max_length=100)
    issuing_authority = LineField(_("issuing authority"), max_length=200)
    required_documents = models.JSONField(
        _("documents the dossier needs"), default=list, blank=True
    )
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self) -> str:
        return self.name


class RuleKind(models.TextChoices):
    NO_DISCIPLINE = "no_discipline", _("No discipline at warning level or above")
    MEMBERS_WITH_TITLE = "members_with_title", _("A share of members holding a title")
    MEMBERS_COMPLETED = "members_completed", _("Every member completed their tasks")
    MEMBER_HOLDS = "member_holds", _("At least one member holds an award in the year")
    CONSECUTIVE_YEARS = "consecutive_years", _("An award held in each of the years before")
    SAME_YEAR = "same_year", _("An award held in the same year")
    INITIATIVE = "initiative", _("A recognised initiative or research result in the year")
    QUOTA_COLLECTIVES = "quota_collectives", _("At most a share of the bloc's units")
    QUOTA_STRENGTH = "quota_strength", _("At most a share of the unit's strength for the year")
    ONE_ACHIEVEMENT = "one_achievement", _("One achievement, one form of reward")


class Comparison(models.TextChoices):
    AT_LEAST = "at_least", _("at least")
    MORE_THAN = "more_than", _("more than")


# What each kind of rule needs besides its source and dates.
RULES_WITH_SHARE = {
    RuleKind.MEMBERS_WITH_TITLE,
    RuleKind.QUOTA_COLLECTIVES,
    RuleKind.QUOTA_STRENGTH,
}
RULES_WITH_AWARD = {RuleKind.MEMBER_HOLDS, RuleKind.SAME_YEAR}


class AwardRule(models.Model):
    """A condition or quota of an award, as data with its legal source and dates in force.

    Shares are exact fractions (2/3 of 6 is 4) compared as the text says: "at least" or "more
    than". ``required_awards`` are the awards a history rule looks for, any one of them (for the
    years before, the proposed award itself when there are none).
    """

    award = models.ForeignKey(AwardType, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("rule"), max_length=24, choices=RuleKind.choices)
    numerator = models.PositiveIntegerField(_("share: numerator"), null=True, blank=True)
    denominator = models.PositiveIntegerField(_("share: denominator"), null=True, blank=True)
    comparison = models.CharField(
        _("comparison"), max_length=10, choices=Comparison.choices, default=Comparison.AT_LEAST
    )
    years = models.PositiveSmallIntegerField(_("years"), null=True, blank=True)
    required_awards = models.ManyToManyField(
        AwardType,
        blank=True,
        related_name="+",
        verbose_name=_("awards required"),
        help_text=_(
            "Any one of them satisfies the rule (e.g. Chiến sĩ tiên tiến or Lao động tiên tiến)."
        ),
    )
    legal_source = ParagraphField(_("legal source"), max_length=1000)
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(_("in force until"), null=True, blank=True)
    overridable = models.BooleanField(
        _("the secretariat may override it with a reason"), default=False
    )

    class Meta:
        ordering = ["award", "pk"]
        verbose_name = _("award rule")
        verbose_name_plural = _("award rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(numerator__isnull=True, denominator__isnull=True)
                | Q(denominator__gt=0, numerator__lte=F("denominator")),
                name="award_rule_share_is_a_fraction",
                violation_error_message=_(
                    "A share is a fraction between 0 and 1 whose denominator is not 0."
                ),
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="award_rule_ends_after_it_starts",
                violation_error_message=_("A rule cannot end before it comes into force."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award}: {self.get_kind_display()}"

    def clean(self) -> None:
        errors = {}
        if self.kind in RULES_WITH_SHARE and None in (self.numerator, self.denominator):
            errors["denominator"] = _("This rule needs a share, e.g. 1/2 or 7/10.")
        if self.kind == RuleKind.CONSECUTIVE_YEARS and not self.years:
            errors["years"] = _("Say how many years before are needed.")
        if errors:
            raise ValidationError(errors)

    @property
    def share(self) -> Fraction | None:
        if self.numerator is None or not self.denominator:
            return None
        return Fraction(self.numerator, self.denominator)

    def share_display(self) -> str:
        """“1/2”, “2/3” or “70%”, as written: tenths and hundredths read as a percentage."""
        if self.numerator is None or not self.denominator:
            return ""
        if self.denominator in (10, 100):
            return f"{self.numerator * 100 // self.denominator}%"
        return f"{self.numerator}/{self.denominator}"

    def share_met(self, part: int, whole: int) -> bool:
        """``part`` of ``whole`` meets the share, compared exactly (never a rounded percent)."""
        share = self.share or Fraction(0)
        if whole <= 0:
            return False
        if self.comparison == Comparison.MORE_THAN:
            return Fraction(part, whole) > share
        return Fraction(part, whole) >= share


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    DECIDED = "decided", _("Awarded by decision")
    REVOKED = "revoked", _("Award revoked")


# The one list of allowed transitions of a proposal.
PROPOSAL_TRANSITIONS = {
    (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED),
    (ProposalStatus.RETURNED, ProposalStatus.SUBMITTED),
    (ProposalStatus.SUBMITTED, ProposalStatus.APPROVED),
    (ProposalStatus.SUBMITTED, ProposalStatus.RETURNED),
    (ProposalStatus.SUBMITTED, ProposalStatus.REJECTED),
    (ProposalStatus.APPROVED, ProposalStatus.DECIDED),
    (ProposalStatus.DECIDED, ProposalStatus.REVOKED),
}


# Where a proposal stands, grouped once; eligibility, quotas, the dossier, the summary and the
# certificates all read these (through ProposalQuerySet).
S = ProposalStatus
# Sent by the unit: every status after the draft.
SENT = frozenset({S.SUBMITTED, S.RETURNED, S.APPROVED, S.REJECTED, S.DECIDED, S.REVOKED})
# Approved by a reviewer at some point, whatever happened next.
APPROVED_EVER = frozenset({S.APPROVED, S.DECIDED, S.REVOKED})
# Held: awarded by a decision and not revoked.
GRANTED = frozenset({S.DECIDED})
# What quotas and "one achievement, one award" count: waiting for a decision, or granted.
IN_PLAY = frozenset({S.SUBMITTED, S.APPROVED}) | GRANTED
# What the bloc's dossier carries to the command: sent and not yet decided.
IN_DOSSIER = frozenset({S.SUBMITTED, S.APPROVED})
del S


class ProposalQuerySet(models.QuerySet):
    def sent(self) -> ProposalQuerySet:
        return self.filter(status__in=SENT)

    def approved_ever(self) -> ProposalQuerySet:
        return self.filter(status__in=APPROVED_EVER)

    def in_play(self) -> ProposalQuerySet:
        return self.filter(status__in=IN_PLAY)

    def granted(self) -> ProposalQuerySet:
        return self.filter(status__in=GRANTED)

    def in_dossier(self) -> ProposalQuerySet:
        return self.filter(status__in=IN_DOSSIER)


class AwardDecision(models.Model):
    """A decision (quyết định khen thưởng): number, date, signer, and the awards it grants."""

    authority = LineField(_("issuing authority"), max_length=200)
    number = LineField(_("number"), max_length=50)
    date = models.DateField(_("date"))
    signer_name = LineField(_("signed by"), max_length=200)
    signer_position = LineField(_("signer's position"), max_length=200)
    signer_rank = LineField(_("signer's rank"), max_length=100, blank=True)
    place = LineField(
        _("place of issue"), max_length=100, blank=True, help_text=_("As printed: “Hà Nội”.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "number"],
                name="decision_number_unique_per_authority",
                violation_error_message=_("This authority has already used that decision number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.date:%d/%m/%Y})"


def award_label(award: object, nominee: object, year: int) -> str:
    """An award held or proposed, "Bằng khen: Lữ đoàn 144 (2026)" (``str(proposal)``)."""
    return f"{award}: {nominee} ({year})"


class Proposal(models.Model):
    award = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="proposals")
    bloc = models.ForeignKey(Bloc, on_delete=models.PROTECT, related_name="proposals")
    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("unit")
    )
    person = models.ForeignKey(
        "blocs.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("person"),
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    # The achievement report follows form Mẫu 02: situation, achievements, awards received.
    situation = ParagraphField(_("situation and tasks"), blank=True, max_length=8000)
    achievement = ParagraphField(_("achievements"), max_length=8000)
    awards_received = ParagraphField(_("awards already received"), blank=True, max_length=4000)
    no_discipline = models.BooleanField(_("no discipline at warning level or above"), default=False)
    members_total = models.PositiveIntegerField(_("members"), null=True, blank=True)
    members_with_title = models.PositiveIntegerField(
        _("members holding a title"), null=True, blank=True
    )
    members_completed = models.BooleanField(_("every member completed their tasks"), default=False)
    documents = models.JSONField(_("documents attached"), default=list, blank=True)
    decision = models.ForeignKey(
        AwardDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recipients",
        verbose_name=_("decision"),
    )
    # The recipient's place in the decision's list (certificates are printed in this order).
    decision_order = models.PositiveIntegerField(null=True, blank=True, editable=False)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("award proposal")
        verbose_name_plural = _("award proposals")
        indexes = [
            # The lists' order: a command's first page reads 25 rows from it instead of
            # sorting every proposal of its twenty blocs.
            models.Index(F("year").desc(), F("id").desc(), name="awards_proposal_newest"),
        ]

    def __str__(self) -> str:
        return award_label(self.award, self.person or self.unit, self.year)

    @property
    def nominee_kind(self) -> str:
        return NomineeKind.INDIVIDUAL if self.person_id else NomineeKind.COLLECTIVE


class ProposalEvent(TransitionRecord):
    """Every transition of a proposal: who, when, why."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, choices=ProposalStatus.choices)
    to_status = models.CharField(max_length=10, choices=ProposalStatus.choices)

    def __str__(self) -> str:
        return f"{self.proposal}: {self.from_status} → {self.to_status}"


class RuleOverride(models.Model):
    """The secretariat lets a proposal through an overridable rule, saying why."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="overrides")
    rule = models.ForeignKey(AwardRule, on_delete=models.PROTECT, related_name="+")
    reason = ParagraphField(max_length=2000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "rule"], name="override_once_per_rule")
        ]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.rule}"


# --- Award history and the registry of initiatives ----------------------------------------------


class RecordSource(models.TextChoices):
    RECORDED = "recorded", _("Recorded by the secretariat")
    IMPORTED = "imported", _("Imported from a spreadsheet")


class AwardRecord(models.Model):
    """An award decided outside the portal (before it, or by an authority that does not use it),
    as the secretariat recorded it from the decision. Awards decided in the portal are not
    copied here: the history reads them from their proposals."""

    award = models.ForeignKey(
        AwardType, on_delete=models.PROTECT, related_name="records", verbose_name=_("award")
    )
    year = models.PositiveSmallIntegerField(_("year of the achievement"))
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="award_records", verbose_name=_("unit")
    )
    person = models.ForeignKey(
        "blocs.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award_records",
        verbose_name=_("person"),
    )
    decision_number = LineField(_("decision number"), max_length=50)
    decision_date = models.DateField(_("decision date"))
    authority = LineField(_("issuing authority"), max_length=200)
    source = models.CharField(
        _("source"), max_length=10, choices=RecordSource.choices, default=RecordSource.RECORDED
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoked_reason = ParagraphField(_("reason for the revocation"), blank=True, max_length=2000)

    class Meta:
        ordering = ["-year", "award__name"]
        verbose_name = _("award record")
        verbose_name_plural = _("award records")
        constraints = [
            models.UniqueConstraint(
                fields=["award", "year", "unit"],
                condition=Q(person__isnull=True),
                name="award_record_once_per_unit",
                violation_error_message=_("This award of that year is already recorded."),
            ),
            models.UniqueConstraint(
                fields=["award", "year", "person"],
                condition=Q(person__isnull=False),
                name="award_record_once_per_person",
                violation_error_message=_("This award of that year is already recorded."),
            ),
        ]

    def __str__(self) -> str:
        return award_label(self.award, self.person or self.unit, self.year)


class InitiativeKind(models.TextChoices):
    INITIATIVE = "initiative", _("Initiative")  # sáng kiến
    RESEARCH = "research", _("Research result")  # đề tài, đề án, công trình khoa học


class Initiative(models.Model):
    """A recognised initiative or research result (sáng kiến, đề tài): who, which unit, which
    year, and the decision that recognised it."""

    kind = models.CharField(_("kind"), max_length=10, choices=InitiativeKind.choices)
    title = LineField(_("title"), max_length=300)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("unit")
    )
    authors = models.ManyToManyField(
        "blocs.Person", related_name="initiatives", blank=True, verbose_name=_("authors")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    level = LineField(
        _("level recognised"), max_length=100, help_text=_("As written: “cấp cơ sở”.")
    )
    recognised_by = LineField(_("recognising decision"), max_length=100)
    recognised_on = models.DateField(_("recognised on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("initiative or research result")
        verbose_name_plural = _("initiatives and research results")

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


# --- Public notice (công khai) ----------------------------------------------------------------


class HolidayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Day off")
    WORKING_DAY = "working_day", _("Working day (worked in exchange)")


class PublicHoliday(models.Model):
    """A day of the official calendar that differs from an ordinary week.

    A day off (a holiday, its compensatory day off "nghỉ bù", a day the Government's yearly
    schedule gives off) is never counted as a working day; a working day ("ngày làm bù", a
    Saturday worked in exchange for a bridging day off) is counted although it is a weekend.
    """

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=HolidayKind.choices, default=HolidayKind.DAY_OFF
    )
    name = LineField(_("name"), max_length=200)
    source = LineField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("The document that set this day, or why it is a default still to confirm."),
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday calendar day")
        verbose_name_plural = _("holiday calendar")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=HolidayKind.values), name="publicholiday_kind_known"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"

    def clean(self) -> None:
        # A weekday is worked anyway: listing it as a working day would change nothing and
        # is most likely a date typed wrong.
        if self.kind == HolidayKind.WORKING_DAY and self.date and self.date.weekday() < 5:
            raise ValidationError(
                {"date": _("A working day in exchange falls on a Saturday or a Sunday.")}
            )


class PublicNotice(models.Model):
    """The list of a bloc's nominees made public for a number of working days."""

    bloc = models.ForeignKey(Bloc, on_delete=models.PROTECT, related_name="notices")
    year = models.PositiveSmallIntegerField(_("year"))
    working_days = models.PositiveSmallIntegerField(
        _("working days"), validators=[MinValueValidator(1)]
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    proposals = models.ManyToManyField(Proposal, related_name="notices")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")

    def __str__(self) -> str:
        return f"{self.bloc} {self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y}"


class FeedbackKind(models.TextChoices):
    FEEDBACK = "feedback", _("Feedback")
    COMPLAINT = "complaint", _("Complaint")


class NoticeFeedback(models.Model):
    notice = models.ForeignKey(PublicNotice, on_delete=models.PROTECT, related_name="feedback")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="feedback")
    kind = models.CharField(_("kind"), max_length=10, choices=FeedbackKind.choices)
    text = ParagraphField(_("text"), max_length=4000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    resolution = ParagraphField(_("how it was resolved"), blank=True, max_length=2000)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.proposal}"


class ExemplaryModel(models.Model):
    """A collective or person whose practice the bloc spreads (điển hình tiên tiến)."""

    bloc = models.ForeignKey(Bloc, on_delete=models.PROTECT, related_name="exemplary_models")
    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    person = models.ForeignKey(
        "blocs.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    practice = ParagraphField(_("what to learn from it"), max_length=4000)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    marked_at = models.DateTimeField()

    class Meta:
        ordering = ["-year", "-marked_at"]
        verbose_name = _("exemplary model")
        verbose_name_plural = _("exemplary models")

    def __str__(self) -> str:
        return str(self.person or self.unit)


class ExemplaryAdoption(models.Model):
    """A unit records that it adopted an exemplary model's practice."""

    model = models.ForeignKey(ExemplaryModel, on_delete=models.CASCADE, related_name="adoptions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    note = ParagraphField(_("how it was adopted"), max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["model", "unit"],
                name="adoption_once_per_unit",
                violation_error_message=_("Your unit has already recorded this."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} ← {self.model}"


def proposal_document_path(instance: ProposalDocument, filename: str) -> str:
    proposal = instance.proposal
    return f"proposals/{proposal.bloc_id}/{proposal.pk}/{uuid.uuid4().hex}{instance.extension}"


class ProposalDocument(StoredUpload):
    """A file of the dossier (tờ trình, danh sách, báo cáo thành tích, biên bản…)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(_("document"), max_length=100)
    file = models.FileField(upload_to=proposal_document_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["kind", "uploaded_at"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.name}"
