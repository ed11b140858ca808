"""A job and a document counter name their bloc by id: the job engine knows nothing of blocs.

The database keeps the bloc_id columns and their rows; only the foreign-key constraints go
(the first operation), then Django's state swaps the foreign keys for plain ids.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('jobs', '0001_initial'),
        ('blocs', '0006_jobs_moved_out_finish'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(
                    model_name='job',
                    name='bloc',
                    field=models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name='jobs',
                        to='blocs.bloc',
                        verbose_name='bloc',
                    ),
                ),
                migrations.AlterField(
                    model_name='documentcounter',
                    name='bloc',
                    field=models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name='+',
                        to='blocs.bloc',
                    ),
                ),
            ],
            state_operations=[
                migrations.RemoveConstraint(
                    model_name='documentcounter',
                    name='document_counter_unique_series',
                ),
                migrations.RemoveField(model_name='job', name='bloc'),
                migrations.AddField(
                    model_name='job',
                    name='bloc_id',
                    field=models.BigIntegerField(db_index=True, verbose_name='bloc'),
                    preserve_default=False,
                ),
                migrations.RemoveField(model_name='documentcounter', name='bloc'),
                migrations.AddField(
                    model_name='documentcounter',
                    name='bloc_id',
                    field=models.BigIntegerField(),
                    preserve_default=False,
                ),
                migrations.AddConstraint(
                    model_name='documentcounter',
                    constraint=models.UniqueConstraint(
                        fields=('bloc_id', 'year', 'series'),
                        name='document_counter_unique_series',
                    ),
                ),
            ],
        ),
    ]
