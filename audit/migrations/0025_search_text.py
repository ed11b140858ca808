"""The audit log's searched fields, folded, stored in a column the database computes as each
entry is written (``portal_fold`` of migration 0023; on SQLite the function every connection
registers, ``emulation_portal.lib.search.fold_register``).

On PostgreSQL adding a stored generated column rewrites the table under an exclusive lock:
about 30 s for a million entries on a development machine, during which the log cannot be
written, so run it in a maintenance window. The rewrite fires no row trigger, so the log's
append-only trigger is untouched, and the chain's hash does not cover the column.
"""

import emulation_portal.lib.search
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0024_ip_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='search_text',
            field=models.GeneratedField(db_persist=True, expression=emulation_portal.lib.search.SearchDocument('actor_name', 'action', 'target_repr', 'target_id', 'ip'), output_field=models.TextField(), verbose_name='search text'),
        ),
    ]
