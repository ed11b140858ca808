"""The year-end evaluation: score tables, self-scores and cross-checks, the ranking; voting
rules and the bloc's secret ballot (bình xét, suy tôn).

Secrecy by design (README, "The secret ballot"): who voted (``BallotVoter``) and what was
voted are never written together in readable form. While a ballot is open, a cast ballot is
an envelope encrypted with a key of that ballot's own, kept outside the database; when the
ballot closes, the envelopes are opened, the ballots are written in a random order in one
transaction (so no id, order or timestamp joins them to a voter), the envelopes are deleted
and the key destroyed.

The tables keep the names they had when this lived in the awards app (``awards_ballot`` ...),
so a database from before the split keeps its rows.
"""

from __future__ import annotations

import uuid
from fractions import Fraction

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blocs.models import Bloc, Unit
from emulation_portal.lib.fields import LineField, ParagraphField
from emulation_portal.lib.uploads import StoredUpload


class ThresholdBase(models.TextChoices):
    TOTAL = "total", _("Total membership")
    PRESENT = "present", _("Members who voted")


class Comparison(models.TextChoices):
    """How a count is held against a fraction: "from 70% up" or "more than half"."""

    AT_LEAST = "at_least", _("at least (≥)")
    MORE_THAN = "more_than", _("more than (>)")


def _fraction_within_0_1(prefix: str) -> Q:
    return Q(**{f"{prefix}_denominator__gt": 0}) & Q(
        **{f"{prefix}_numerator__lte": models.F(f"{prefix}_denominator")}
    )


class VotingRule(models.Model):
    """Quorum and passing threshold of a vote, with the legal text they come from.

    Both are exact fractions (two thirds is 2/3, never 66.67 %), so that counting compares
    whole numbers only (``evaluation.voting``). The quorum is always "at least"; the threshold
    says whether it is "at least" or "more than".
    """

    name = LineField(_("name"), max_length=200, unique=True)
    legal_source = ParagraphField(_("legal source"), max_length=1000)
    quorum_numerator = models.PositiveSmallIntegerField(
        _("quorum: numerator"), help_text=_("Two thirds of all member units: 2 and 3.")
    )
    quorum_denominator = models.PositiveSmallIntegerField(_("quorum: denominator"))
    threshold_numerator = models.PositiveSmallIntegerField(
        _("passing threshold: numerator"), help_text=_("70%: 7 and 10; half: 1 and 2.")
    )
    threshold_denominator = models.PositiveSmallIntegerField(_("passing threshold: denominator"))
    threshold_comparison = models.CharField(
        _("a candidate passes with"),
        max_length=10,
        choices=Comparison.choices,
        default=Comparison.AT_LEAST,
    )
    threshold_base = models.CharField(
        _("threshold counted on"),
        max_length=10,
        choices=ThresholdBase.choices,
        default=ThresholdBase.TOTAL,
    )
    allow_self_vote = models.BooleanField(_("a unit may vote for itself"), default=False)
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(_("in force until"), null=True, blank=True)

    class Meta:
        db_table = "awards_votingrule"
        ordering = ["name"]
        verbose_name = _("voting rule")
        verbose_name_plural = _("voting rules")
        constraints = [
            models.CheckConstraint(
                condition=_fraction_within_0_1("quorum"),
                name="voting_rule_quorum_fraction",
                violation_error_message=_(
                    "The quorum is a fraction from 0 to 1, such as 2/3: its denominator must be "
                    "above 0 and its numerator no larger than the denominator."
                ),
            ),
            models.CheckConstraint(
                condition=_fraction_within_0_1("threshold"),
                name="voting_rule_threshold_fraction",
                violation_error_message=_(
                    "The passing threshold is a fraction from 0 to 1, such as 7/10: its "
                    "denominator must be above 0 and its numerator no larger than the "
                    "denominator."
                ),
            ),
            models.CheckConstraint(
                condition=Q(threshold_comparison=Comparison.AT_LEAST)
                | Q(threshold_numerator__lt=models.F("threshold_denominator")),
                name="voting_rule_threshold_reachable",
                violation_error_message=_(
                    "No candidate can have more than all the votes: for a threshold of the "
                    "whole, choose “at least”."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def quorum(self) -> Fraction:
        return Fraction(self.quorum_numerator, self.quorum_denominator)

    @property
    def threshold(self) -> Fraction:
        return Fraction(self.threshold_numerator, self.threshold_denominator)


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
    count_committee = ParagraphField(
        _("count committee"),
        blank=True,
        max_length=1000,
        help_text=_("The members of the ban kiểm phiếu, one per line: rank, name, position."),
    )
    # 1: sealed under the installation's ballot key (ballots opened before per-ballot keys);
    # 2: under a key of this ballot's own, kept outside the database and destroyed at the count.
    seal_version = models.PositiveSmallIntegerField(default=2, editable=False)

    class Meta:
        db_table = "awards_ballot"
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
        db_table = "awards_ballotcandidate"
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
        db_table = "awards_ballotvoter"
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
        db_table = "awards_ballotabsence"
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

    class Meta:
        db_table = "awards_sealedballot"

    def __str__(self) -> str:
        return "sealed ballot"


class CountedBallot(models.Model):
    """A ballot after the count: its choices and the hash of the voter's receipt, nothing else."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="counted")
    receipt_hash = models.CharField(max_length=64, unique=True)
    choices = models.ManyToManyField(
        Unit, related_name="+", blank=True, db_table="awards_countedballot_choices"
    )

    class Meta:
        db_table = "awards_countedballot"

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
        db_table="awards_criteriatable_checkers",
        help_text=_("Besides the secretariat; a unit never checks its own score."),
    )
    bonus_cap = models.DecimalField(
        _("bonus points at most"), max_digits=6, decimal_places=2, default=0
    )
    penalty_cap = models.DecimalField(
        _("penalty points at most"), max_digits=6, decimal_places=2, default=0
    )

    class Meta:
        db_table = "awards_criteriatable"
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
        _("pledge indicator it follows"),
        max_length=255,
        blank=True,
        help_text=_("A unit's pledge target with this indicator suggests the points."),
    )

    class Meta:
        db_table = "awards_criterion"
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
        db_table = "awards_scoresheet"
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
        db_table = "awards_scoreline"
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
        db_table = "awards_scorepublication"
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

    class Meta:
        db_table = "awards_scoreevidence"

    def __str__(self) -> str:
        return self.name
