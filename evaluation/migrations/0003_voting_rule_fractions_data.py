"""Percentages become exact fractions, and counted ballots keep whole numbers of votes.

A percentage p becomes p/100 reduced (70 → 7/10, 50 → 1/2), except the roundings of two
thirds and one third, which were always meant as 2/3 and 1/3 (66.67 % refused 4 of 6
members). Both comparisons were "at least".

A ballot counted before keeps its decision; its result gains the terms it was counted under,
exactly as they were applied (66.67 % stays 66.67 % there: that is what refused its quorum),
and the votes a candidate needed as a whole number (4.20 was passed by 5 votes, so 5).

Everything this migration needs is written here, not imported from the live code.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from django.db import migrations

THIRDS = {
    Decimal("66.67"): Fraction(2, 3),
    Decimal("66.66"): Fraction(2, 3),
    Decimal("66.7"): Fraction(2, 3),
    Decimal("33.33"): Fraction(1, 3),
    Decimal("33.3"): Fraction(1, 3),
}


def meant(percent: Decimal) -> Fraction:
    return THIRDS.get(percent, Fraction(percent) / 100)


def applied(percent: Decimal) -> Fraction:
    return Fraction(percent) / 100


def forwards(apps, schema_editor):
    VotingRule = apps.get_model("evaluation", "VotingRule")
    Ballot = apps.get_model("evaluation", "Ballot")
    for rule in VotingRule.objects.all():
        quorum, threshold = meant(rule.quorum_percent), meant(rule.threshold_percent)
        rule.quorum_numerator, rule.quorum_denominator = quorum.numerator, quorum.denominator
        rule.threshold_numerator = threshold.numerator
        rule.threshold_denominator = threshold.denominator
        rule.threshold_comparison = "at_least"
        rule.save(
            update_fields=[
                "quorum_numerator",
                "quorum_denominator",
                "threshold_numerator",
                "threshold_denominator",
                "threshold_comparison",
            ]
        )
    counted = Ballot.objects.filter(status="closed").select_related("rule")
    for ballot in counted:
        result = ballot.result
        if "members" not in result or "quorum" in result:
            continue
        quorum = applied(ballot.rule.quorum_percent)
        result.update(
            quorum=str(quorum),
            threshold=str(applied(ballot.rule.threshold_percent)),
            comparison="at_least",
            base=ballot.rule.threshold_base,
            quorum_needed=math.ceil(quorum * result["members"]),
            needed=math.ceil(Decimal(str(result.get("needed", "0")))),
        )
        ballot.save(update_fields=["result"])


def backwards(apps, schema_editor):
    """Fractions back to percentages rounded to two decimals ("more than" is lost)."""
    VotingRule = apps.get_model("evaluation", "VotingRule")
    for rule in VotingRule.objects.all():
        rule.quorum_percent = round(
            Decimal(rule.quorum_numerator * 100) / rule.quorum_denominator, 2
        )
        rule.threshold_percent = round(
            Decimal(rule.threshold_numerator * 100) / rule.threshold_denominator, 2
        )
        rule.save(update_fields=["quorum_percent", "threshold_percent"])


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0002_voting_rule_fractions")]
    operations = [migrations.RunPython(forwards, backwards)]
