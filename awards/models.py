"""Evaluation and awards. This slice: the bloc's secret ballot (bình xét, suy tôn).

Secrecy by design (README, "The secret ballot"): who voted (``BallotVoter``) and what was
voted are never written together in readable form. While a ballot is open, a cast ballot is
an envelope encrypted with a key that is not in the database; when the ballot closes, the
envelopes are opened, the ballots are written in a random order in one transaction (so no id,
order or timestamp joins them to a voter) and the envelopes are deleted.
"""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blocs.models import Bloc, Unit

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class ThresholdBase(models.TextChoices):
    TOTAL = "total", _("Total membership")
    PRESENT = "present", _("Members who voted")


class VotingRule(models.Model):
    """Quorum and passing threshold of a vote, with the legal text they come from."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    legal_source = models.TextField(_("legal source"))
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
    question = models.CharField(_("question"), max_length=300)
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
