"""Voting rules hold exact fractions: the columns arrive here, 0003 fills them from the
percentages, 0004 drops the percentages and adds the constraints.

The percentages may be empty from here on, so that going back through 0004 can bring their
columns back to a table with rows before 0003 fills them again."""

import django.core.validators
from django.db import migrations, models

PERCENT = [
    django.core.validators.MinValueValidator(0),
    django.core.validators.MaxValueValidator(100),
]


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]

    operations = [
        migrations.RemoveConstraint(model_name="votingrule", name="voting_rule_percentages"),
        migrations.AlterField(
            model_name="votingrule",
            name="quorum_percent",
            field=models.DecimalField(
                decimal_places=2,
                max_digits=5,
                null=True,
                validators=PERCENT,
                verbose_name="quorum, in percent of all member units",
            ),
        ),
        migrations.AlterField(
            model_name="votingrule",
            name="threshold_percent",
            field=models.DecimalField(
                decimal_places=2,
                max_digits=5,
                null=True,
                validators=PERCENT,
                verbose_name="passing threshold (%)",
            ),
        ),
        migrations.AddField(
            model_name="votingrule",
            name="quorum_numerator",
            field=models.PositiveSmallIntegerField(
                default=0,
                help_text="Two thirds of all member units: 2 and 3.",
                verbose_name="quorum: numerator",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="votingrule",
            name="quorum_denominator",
            field=models.PositiveSmallIntegerField(
                default=1, verbose_name="quorum: denominator"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="votingrule",
            name="threshold_numerator",
            field=models.PositiveSmallIntegerField(
                default=0,
                help_text="70%: 7 and 10; half: 1 and 2.",
                verbose_name="passing threshold: numerator",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="votingrule",
            name="threshold_denominator",
            field=models.PositiveSmallIntegerField(
                default=1, verbose_name="passing threshold: denominator"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="votingrule",
            name="threshold_comparison",
            field=models.CharField(
                choices=[("at_least", "at least (≥)"), ("more_than", "more than (>)")],
                default="at_least",
                max_length=10,
                verbose_name="a candidate passes with",
            ),
        ),
    ]
