"""Evaluation and awards. This slice: the bloc's secret ballot (bình xét, suy tôn).

Secrecy by design (README, "The secret ballot"): who voted (``BallotVoter``) and what was
voted are never written together in readable form. While a ballot is open, a cast ballot is
an envelope encrypted with a key that is not in the database; when the ballot closes, the
envelopes are opened, the ballots are written in a random order in one transaction (so no id,
order or timestamp joins them to a voter) and the envelopes are deleted.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from audit.models import TransitionRecord
from blocs.models import Bloc, Unit
from emulation_portal.lib.fields import LineField, ParagraphField
from emulation_portal.lib.uploads import StoredUpload

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class ThresholdBase(models.TextChoices):
    TOTAL = "total", _("Total membership")
    PRESENT = "present", _("Members who voted")


class VotingRule(models.Model):
    """Quorum and passing threshold of a vote, with the legal text they come from."""

    name = LineField(_("name"), max_length=200, unique=True)
    legal_source = ParagraphField(_("legal source"), max_length=1000)
    quorum_percent = models.DecimalField(
        _("quorum, in percent of all member units"),
        max_digits=5,
        decimal_places=2,
        validators=PERCENT,
    )
    threshold_percent = models.DecimalField(
        _("passing threshold (%)"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    threshold_base = models.CharField(
        _("threshold counted on"), max_length=10, choices=ThresholdBase.choices,
        default=ThresholdBase.TOTAL,
    )  # fmt: skip
    allow_self_vote = models.BooleanField(_("a unit may vote for itself"), default=False)
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(_("in force until"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("voting rule")
        verbose_name_plural = _("voting rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_percent__gte=0, quorum_percent__lte=100)
                & Q(threshold_percent__gte=0, threshold_percent__lte=100),
                name="voting_rule_percentages",
                violation_error_message=_("Quorum and threshold must be between 0 and 100%."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class BallotStatus(models.TextChoices):
    OPEN = "open", _("Open for voting")
    CLOSED = "closed", _("Counted")


class Ballot(models.Model):
    bloc = models.ForeignKey(Bloc, on_delete=models.PROTECT, related_name="ballots")
    year = models.PositiveSmallIntegerField(_("year"))
    question = LineField(_("question"), max_length=300)
    rule = models.ForeignKey(VotingRule, on_delete=models.PROTECT, verbose_name=_("voting rule"))
    max_choices = models.PositiveSmallIntegerField(
        _("choices per ballot"), validators=[MinValueValidator(1)], default=1
    )
    seats = models.PositiveSmallIntegerField(
        _("units to elect"), validators=[MinValueValidator(1)], default=1
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    previous_round = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_round"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=BallotStatus.choices, default=BallotStatus.OPEN
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The count, frozen at closing (JSON: members, voters, votes per candidate, decision).
    result = models.JSONField(default=dict, blank=True)
    # 1: sealed under the installation's ballot key (ballots opened before per-ballot keys);
    # 2: under a key of this ballot's own, kept outside the database and destroyed at the count.
    seal_version = models.PositiveSmallIntegerField(default=2, editable=False)

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("secret ballot")
        verbose_name_plural = _("secret ballots")
        constraints = [
            models.CheckConstraint(
                condition=Q(seats__lte=models.F("max_choices")),
                name="ballot_seats_within_choices",
                violation_error_message=_("A ballot cannot elect more units than it lets choose."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.question} ({self.year}, {self.round})"


class BallotCandidate(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="candidates")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "unit"], name="candidate_once_per_ballot")
        ]

    def __str__(self) -> str:
        return str(self.unit)


class BallotVoter(models.Model):
    """That a unit voted (and whether the secretariat entered its written ballot) — never how."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="voters")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    written = models.BooleanField(_("written ballot of an absent unit"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "unit"], name="voter_once_per_ballot")
        ]

    def __str__(self) -> str:
        return f"{self.unit} voted"


class BallotAbsence(models.Model):
    """A unit marked absent before voting started: the secretariat enters its written ballot."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="absences")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "unit"], name="absent_once_per_ballot")
        ]

    def __str__(self) -> str:
        return f"{self.unit} absent"


class SealedBallot(models.Model):
    """A cast ballot while voting is open: encrypted with a key held outside the database."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="+")
    envelope = models.BinaryField()

    def __str__(self) -> str:
        return "sealed ballot"


class CountedBallot(models.Model):
    """A ballot after the count: its choices and the hash of the voter's receipt, nothing else."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="counted")
    receipt_hash = models.CharField(max_length=64, unique=True)
    choices = models.ManyToManyField(Unit, related_name="+", blank=True)

    def __str__(self) -> str:
        return "counted ballot"


# --- Scoring (chấm điểm thi đua) --------------------------------------------------------------


class CriterionKind(models.TextChoices):
    REGULAR = "regular", _("Criterion")
    BONUS = "bonus", _("Bonus")
    PENALTY = "penalty", _("Penalty")


class CriteriaTable(models.Model):
    """A bloc's score table (thang điểm) for a year."""

    bloc = models.ForeignKey(Bloc, on_delete=models.PROTECT, related_name="criteria_tables")
    year = models.PositiveSmallIntegerField(_("year"))
    self_score_deadline = models.DateField(_("self-scores due"), null=True, blank=True)
    checkers = models.ManyToManyField(
        Unit,
        blank=True,
        related_name="+",
        verbose_name=_("units that cross-check"),
        help_text=_("Besides the secretariat; a unit never checks its own score."),
    )
    bonus_cap = models.DecimalField(
        _("bonus points at most"), max_digits=6, decimal_places=2, default=0
    )
    penalty_cap = models.DecimalField(
        _("penalty points at most"), max_digits=6, decimal_places=2, default=0
    )

    class Meta:
        verbose_name = _("score table")
        verbose_name_plural = _("score tables")
        constraints = [
            models.UniqueConstraint(fields=["bloc", "year"], name="criteria_table_per_bloc_year"),
            models.CheckConstraint(
                condition=Q(bonus_cap__gte=0, penalty_cap__gte=0), name="criteria_caps_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bloc} {self.year}"


class Criterion(models.Model):
    table = models.ForeignKey(CriteriaTable, on_delete=models.CASCADE, related_name="criteria")
    group = LineField(_("group"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    name = LineField(_("criterion"), max_length=500)
    kind = models.CharField(
        _("kind"), max_length=10, choices=CriterionKind.choices, default=CriterionKind.REGULAR
    )
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)
    target_indicator = LineField(
        _("pledge indicator it follows"), max_length=255, blank=True,
        help_text=_("A unit's pledge target with this indicator suggests the points."),
    )  # fmt: skip

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_points__gt=0),
                name="criterion_max_positive",
                violation_error_message=_("The maximum must be more than zero."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Being scored by the unit")
    SUBMITTED = "submitted", _("Submitted")


class ScoreSheet(models.Model):
    """A unit's self-score on the table, and the bloc's cross-checked figures beside it."""

    table = models.ForeignKey(CriteriaTable, on_delete=models.PROTECT, related_name="sheets")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["table", "unit"], name="sheet_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.table}"


class ScoreLine(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="lines")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    self_points = models.DecimalField(_("self-score"), max_digits=6, decimal_places=2, default=0)
    justification = ParagraphField(_("justification"), blank=True, max_length=2000)
    checked_points = models.DecimalField(
        _("cross-checked score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    check_reason = ParagraphField(_("reason for the change"), blank=True, max_length=2000)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="line_per_criterion"),
            models.CheckConstraint(
                condition=Q(self_points__gte=0)
                & (Q(checked_points__isnull=True) | Q(checked_points__gte=0)),
                name="line_points_not_negative",
                violation_error_message=_("Points cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sheet}: {self.criterion}"

    @property
    def points(self) -> object:
        return self.self_points if self.checked_points is None else self.checked_points


class ScorePublication(models.Model):
    """The published scores of a table; a correction is a new version with its reason."""

    table = models.ForeignKey(CriteriaTable, on_delete=models.PROTECT, related_name="publications")
    version = models.PositiveSmallIntegerField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = ParagraphField(blank=True, max_length=2000)
    ranking = models.JSONField()

    class Meta:
        ordering = ["table", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["table", "version"], name="publication_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.table} v{self.version}"


def score_evidence_path(instance: ScoreEvidence, filename: str) -> str:
    sheet = instance.line.sheet
    return f"scores/{sheet.table_id}/{sheet.unit_id}/{uuid.uuid4().hex}{instance.extension}"


class ScoreEvidence(StoredUpload):
    """A file a unit attaches to justify its self-score on one criterion."""

    line = models.ForeignKey(ScoreLine, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to=score_evidence_path)

    def __str__(self) -> str:
        return self.name


# --- Awards and proposals (hồ sơ đề nghị khen thưởng) ----------------------------------------


class NomineeKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class AwardType(models.Model):
    """An award form or title of the catalogue, with what its dossier needs."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = LineField(_("name"), max_length=200, unique=True)
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
    CONSECUTIVE_YEARS = "consecutive_years", _("The same award in the years before")
    QUOTA_COLLECTIVES = "quota_collectives", _("At most a share of the bloc's units")
    QUOTA_STRENGTH = "quota_strength", _("At most a share of the unit's strength")
    ONE_ACHIEVEMENT = "one_achievement", _("One achievement, one award")


class AwardRule(models.Model):
    """A condition or quota of an award, as data with its legal source and dates in force."""

    award = models.ForeignKey(AwardType, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("rule"), max_length=24, choices=RuleKind.choices)
    share_percent = models.DecimalField(
        _("share (%)"), max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT
    )
    years = models.PositiveSmallIntegerField(_("years"), null=True, blank=True)
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

    def __str__(self) -> str:
        return f"{self.award}: {self.get_kind_display()}"


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


class Proposal(models.Model):
    award = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="proposals")
    bloc = models.ForeignKey(Bloc, on_delete=models.PROTECT, related_name="proposals")
    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("unit")
    )
    person = models.ForeignKey(
        "blocs.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="proposals",
        verbose_name=_("person"),
    )  # fmt: skip
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
    documents = models.JSONField(_("documents attached"), default=list, blank=True)
    decision = models.ForeignKey(
        AwardDecision, on_delete=models.PROTECT, null=True, blank=True, related_name="recipients",
        verbose_name=_("decision"),
    )  # fmt: skip
    # The recipient's place in the decision's list (certificates are printed in this order).
    decision_order = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("award proposal")
        verbose_name_plural = _("award proposals")

    def __str__(self) -> str:
        return f"{self.award}: {self.person or self.unit} ({self.year})"

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


# --- Public notice (công khai) ----------------------------------------------------------------


class PublicHoliday(models.Model):
    """A day off that a notice period does not count (weekends never count)."""

    date = models.DateField(_("date"), unique=True)
    name = LineField(_("name"), max_length=200)

    class Meta:
        ordering = ["date"]
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"


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
        "blocs.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("person"),
    )  # fmt: skip
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
