"""Scoring and the ballot moved from the awards app to evaluation, keeping their tables: a
database migrated before the move migrates forward with its rows intact."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from evaluation.models import Ballot, CountedBallot, CriteriaTable, VotingRule

BEFORE = [("awards", "0015_text_limits"), ("evaluation", None)]


def _migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)


def test_rows_written_before_the_split_are_read_after_it(transactional_db: None) -> None:
    old = _migrate(BEFORE).loader.project_state([BEFORE[0]]).apps
    command = old.get_model("blocs", "Command").objects.create(name="Bộ Tổng Tham mưu")
    bloc = old.get_model("blocs", "Bloc").objects.create(name="Khối 4", command=command)
    unit = old.get_model("blocs", "Unit").objects.create(name="Lữ đoàn 144")
    rule = old.get_model("awards", "VotingRule").objects.create(
        name="Quy chế Khối 4",
        legal_source="Quy chế",
        quorum_percent=Decimal("66.67"),
        threshold_percent=Decimal("70"),
        threshold_base="total",
        effective_from=datetime.date(2024, 1, 1),
    )
    ballot = old.get_model("awards", "Ballot").objects.create(
        bloc=bloc, year=2025, question="Suy tôn Cờ thi đua", rule=rule, status="closed"
    )
    counted = old.get_model("awards", "CountedBallot").objects.create(
        ballot=ballot, receipt_hash="a" * 64
    )
    counted.choices.add(unit)
    table = old.get_model("awards", "CriteriaTable").objects.create(bloc=bloc, year=2025)
    table.checkers.add(unit)

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    moved = Ballot.objects.get(pk=ballot.pk)
    assert (moved.question, moved.rule, moved.status) == (
        "Suy tôn Cờ thi đua",
        VotingRule.objects.get(name="Quy chế Khối 4"),
        "closed",
    )
    assert [u.name for u in CountedBallot.objects.get(pk=counted.pk).choices.all()] == [
        "Lữ đoàn 144"
    ]
    assert [u.name for u in CriteriaTable.objects.get(pk=table.pk).checkers.all()] == [
        "Lữ đoàn 144"
    ]


FRACTIONS_BEFORE = [("evaluation", "0001_initial")]


def test_percentages_become_exact_fractions(transactional_db: None) -> None:
    """66.67 % was meant as two thirds, 70 % is 7/10; a ballot counted before keeps its
    decision, the terms it was counted under and its needed votes as a whole number."""
    old = _migrate(FRACTIONS_BEFORE).loader.project_state(FRACTIONS_BEFORE).apps
    rules = old.get_model("evaluation", "VotingRule").objects
    thirds = rules.create(
        name="Quy chế Khối 4",
        legal_source="Quy chế",
        quorum_percent=Decimal("66.67"),
        threshold_percent=Decimal("70.00"),
        threshold_base="total",
        effective_from=datetime.date(2024, 1, 1),
    )
    rules.create(
        name="Quy chế khác",
        legal_source="Quy chế",
        quorum_percent=Decimal("33.33"),
        threshold_percent=Decimal("55"),
        threshold_base="present",
        effective_from=datetime.date(2024, 1, 1),
    )
    command = old.get_model("blocs", "Command").objects.create(name="Bộ Tổng Tham mưu")
    bloc = old.get_model("blocs", "Bloc").objects.create(name="Khối 4", command=command)
    counted = {
        "members": 6,
        "voters": 4,
        "votes": {"1": 4},
        "quorum_met": False,
        "needed": "4.20",
        "passing": [],
        "elected": [],
        "tied": [],
    }
    ballot = old.get_model("evaluation", "Ballot").objects.create(
        bloc=bloc, year=2025, question="Suy tôn", rule=thirds, status="closed", result=counted
    )

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    fractions = {
        rule.name: (
            rule.quorum_numerator,
            rule.quorum_denominator,
            rule.threshold_numerator,
            rule.threshold_denominator,
            rule.threshold_comparison,
        )
        for rule in VotingRule.objects.filter(name__in=["Quy chế Khối 4", "Quy chế khác"])
    }
    assert fractions == {
        "Quy chế Khối 4": (2, 3, 7, 10, "at_least"),
        "Quy chế khác": (1, 3, 11, 20, "at_least"),
    }
    result = Ballot.objects.get(pk=ballot.pk).result
    # Counted under 66.67 %, which asked for ⌈4.0002⌉ = 5 of 6, and passed with ≥ 4.20, so 5.
    assert {key: result[key] for key in ("quorum", "threshold", "quorum_needed", "needed")} == {
        "quorum": "6667/10000",
        "threshold": "7/10",
        "quorum_needed": 5,
        "needed": 5,
    }
    assert (result["quorum_met"], result["elected"]) == (False, [])
