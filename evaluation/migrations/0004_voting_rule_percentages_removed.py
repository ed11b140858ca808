"""The percentages go, now that 0003 turned them into fractions; the fractions are held to
0..1 with a denominator above 0, and "more than" to less than the whole."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0003_voting_rule_fractions_data")]

    operations = [
        migrations.RemoveField(model_name="votingrule", name="quorum_percent"),
        migrations.RemoveField(model_name="votingrule", name="threshold_percent"),
        migrations.AddConstraint(
            model_name="votingrule",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("quorum_denominator__gt", 0),
                    ("quorum_numerator__lte", models.F("quorum_denominator")),
                ),
                name="voting_rule_quorum_fraction",
                violation_error_message=(
                    "The quorum is a fraction from 0 to 1, such as 2/3: its denominator must be "
                    "above 0 and its numerator no larger than the denominator."
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="votingrule",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("threshold_denominator__gt", 0),
                    ("threshold_numerator__lte", models.F("threshold_denominator")),
                ),
                name="voting_rule_threshold_fraction",
                violation_error_message=(
                    "The passing threshold is a fraction from 0 to 1, such as 7/10: its "
                    "denominator must be above 0 and its numerator no larger than the "
                    "denominator."
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="votingrule",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("threshold_comparison", "at_least"),
                    ("threshold_numerator__lt", models.F("threshold_denominator")),
                    _connector="OR",
                ),
                name="voting_rule_threshold_reachable",
                violation_error_message=(
                    "No candidate can have more than all the votes: for a threshold of the "
                    "whole, choose “at least”."
                ),
            ),
        ),
    ]
