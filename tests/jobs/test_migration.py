"""The job engine moved from blocs to its own app, keeping its tables, and now names its bloc
by id: a database migrated before the move migrates forward with its jobs and document
numbers intact."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from jobs.models import DocumentCounter, Job, JobChunk
from jobs.services import document_number_next

BEFORE = [("blocs", "0004_job_progress_watchdog"), ("jobs", None), ("summaries", "0001_initial")]


def _migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)


def test_jobs_and_document_numbers_written_before_the_move_are_read_after_it(
    transactional_db: None,
) -> None:
    old = _migrate(BEFORE).loader.project_state([BEFORE[0]]).apps
    command = old.get_model("blocs", "Command").objects.create(name="Bộ Tổng Tham mưu")
    bloc = old.get_model("blocs", "Bloc").objects.create(name="Khối 4", command=command)
    job = old.get_model("blocs", "Job").objects.create(
        kind="bloc_roster", bloc=bloc, year=2025, status="done", params={"number": 7}
    )
    old.get_model("blocs", "JobChunk").objects.create(job=job, index=0, items=3)
    old.get_model("blocs", "DocumentCounter").objects.create(
        bloc=bloc, year=2025, series="DS", last_number=7
    )

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    moved = Job.objects.get(pk=job.pk)
    assert (moved.kind, moved.bloc_id, moved.params) == ("bloc_roster", bloc.pk, {"number": 7})
    assert JobChunk.objects.get(job=moved).items == 3
    assert DocumentCounter.objects.get(bloc_id=bloc.pk, series="DS").last_number == 7
    # The series goes on where it stopped.
    assert document_number_next(bloc_id=bloc.pk, year=2025, series="DS") == 8
