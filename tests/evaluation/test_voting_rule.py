"""An administrator keeps the voting rules as fractions; a fraction that cannot be is refused
by the database."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError

from evaluation.models import VotingRule


@pytest.mark.parametrize(
    ("numerator", "denominator"), [(2, 0), (4, 3)], ids=["zero denominator", "above one"]
)
def test_the_database_refuses_a_zero_denominator_or_a_fraction_above_one(
    db: None, numerator: int, denominator: int
) -> None:
    with pytest.raises(IntegrityError):
        VotingRule.objects.create(
            name="Quy chế",
            legal_source="Quy chế",
            quorum_numerator=numerator,
            quorum_denominator=denominator,
            threshold_numerator=7,
            threshold_denominator=10,
            effective_from=datetime.date(2026, 1, 1),
        )
