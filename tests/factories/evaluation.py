"""Voting rules and ballots, score tables with their criteria, and the units' score sheets.

A ballot made here is a row only: voting needs the key ``evaluation.ballots.ballot_open``
makes, so a test that votes opens its ballot through that service.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from evaluation.models import (
    Ballot,
    Comparison,
    CriteriaTable,
    Criterion,
    CriterionKind,
    ScoreEvidence,
    ScoreLine,
    ScoreSheet,
    ThresholdBase,
    VotingRule,
)
from tests.factories.blocs import BlocFactory, member_unit
from tests.factories.uploads import StoredUploadFactory


class VotingRuleFactory(factory.django.DjangoModelFactory):
    """Quorum 2/3 of the members, elected with at least 7/10 of them, no voting for oneself."""

    class Meta:
        model = VotingRule

    name = factory.Sequence(lambda n: f"Quy chế bình xét của Khối (bản {n + 1})")
    legal_source = "Quy chế hoạt động của Khối thi đua"
    quorum_numerator = 2
    quorum_denominator = 3
    threshold_numerator = 7
    threshold_denominator = 10
    threshold_comparison = Comparison.AT_LEAST
    threshold_base = ThresholdBase.TOTAL
    allow_self_vote = False
    effective_from = datetime.date(2024, 1, 1)


class BallotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ballot

    bloc = factory.SubFactory(BlocFactory)
    year = 2026
    question = "Đề nghị tặng Cờ thi đua của Bộ Quốc phòng"
    rule = factory.SubFactory(VotingRuleFactory)


class CriteriaTableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriteriaTable

    bloc = factory.SubFactory(BlocFactory)
    year = 2026


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    table = factory.SubFactory(CriteriaTableFactory)
    group = "Thực hiện nhiệm vụ chính trị"
    order = factory.Sequence(lambda n: n + 1)
    name = "Hoàn thành xuất sắc nhiệm vụ được giao"
    kind = CriterionKind.REGULAR
    max_points = Decimal(10)


class ScoreSheetFactory(factory.django.DjangoModelFactory):
    """A draft sheet of a unit that is a member of the table's bloc in its year."""

    class Meta:
        model = ScoreSheet

    table = factory.SubFactory(CriteriaTableFactory)
    unit = factory.LazyAttribute(lambda o: member_unit(o.table.bloc, o.table.year))


class ScoreLineFactory(factory.django.DjangoModelFactory):
    """A line of the sheet, on a criterion of the sheet's own table."""

    class Meta:
        model = ScoreLine

    sheet = factory.SubFactory(ScoreSheetFactory)
    criterion = factory.SubFactory(CriterionFactory, table=factory.SelfAttribute("..sheet.table"))


class ScoreEvidenceFactory(StoredUploadFactory):
    """A file justifying a self-score."""

    class Meta:
        model = ScoreEvidence

    line = factory.SubFactory(ScoreLineFactory)
    name = "Giải trình điểm tự chấm.pdf"
