"""Demo-data loaders registered by each app, run in order by ``manage.py seed_demo``, and the
reset that puts a local portal back to the state the demo is loaded into.

Apps register in their ``AppConfig.ready`` (in INSTALLED_APPS order), so a later app's
demo data can build on an earlier one's without the earlier app knowing about it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

Loader = Callable[[], list[tuple[str, str]]]
_loaders: list[Loader] = []


def register(loader: Loader) -> Loader:
    """A loader creates its data idempotently and returns (login, description) of accounts."""
    _loaders.append(loader)
    return loader


def load_all() -> list[tuple[str, str]]:
    accounts: list[tuple[str, str]] = []
    for loader in _loaders:
        accounts += loader()
    return accounts


def reset() -> None:
    """Everything back to a freshly migrated database with no uploaded or generated file, no
    ballot key and no queued task: what ``bin/run`` starts from. Deletes every record, so the
    caller checks ``PORTAL_DEMO_RESET_ALLOWED`` (the local settings only).

    The tables are emptied first, then every migration is unapplied and applied again, so the
    rows that data migrations seed (the award catalogue, voting rules, holidays) come back as a
    new installation has them, whatever database the local setup uses.
    """
    call_command("flush", interactive=False, verbosity=0)
    executor = MigrationExecutor(connection)
    apps_with_migrations = sorted({app for app, _name in executor.loader.graph.leaf_nodes()})
    executor.migrate([(app, None) for app in apps_with_migrations])
    call_command("migrate", interactive=False, verbosity=0)
    folders = [settings.MEDIA_ROOT, settings.PORTAL_BALLOT_KEY_DIR]
    if settings.CELERY_BROKER_URL == "filesystem://":  # the embedded queue's tasks and control
        folders += settings.CELERY_BROKER_TRANSPORT_OPTIONS.values()
    for folder in folders:
        _empty(Path(folder))


def _empty(folder: Path) -> None:
    if not folder.is_dir():
        return
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
