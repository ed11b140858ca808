"""Demo-data loaders registered by each app, run in order by ``manage.py seed_demo``.

Apps register in their ``AppConfig.ready`` (in INSTALLED_APPS order), so a later app's
demo data can build on an earlier one's without the earlier app knowing about it.
"""

from __future__ import annotations

from collections.abc import Callable

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
