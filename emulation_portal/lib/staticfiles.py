"""Static files taken one by one from the npm packages in node_modules."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage
from django.core.checks import Warning as CheckWarning
from django.core.files.storage import FileSystemStorage


class PackageFileFinder(BaseFinder):
    """The files of ``settings.PORTAL_PACKAGE_STATIC_FILES`` (static path -> file on disk).

    Bootstrap's ``dist`` folder is served whole through ``STATICFILES_DIRS``. bootstrap-icons
    ships 2,000 loose SVG files and an icon font beside the one sprite the portal uses:
    served as a folder, collectstatic would copy, hash and compress 54 MB of them and take a
    minute longer in every image build.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.files = {
            path: Path(source) for path, source in settings.PORTAL_PACKAGE_STATIC_FILES.items()
        }

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        return [
            CheckWarning(f"The static file {source} is missing: run bin/setup.", id="portal.W001")
            for source in self.files.values()
            if not source.is_file()
        ]

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> str | list[str] | None:
        find_all = self._check_deprecated_find_param(find_all=find_all, **kwargs)
        source = self.files.get(path)
        found = [str(source)] if source is not None and source.is_file() else []
        return found if find_all else next(iter(found), None)

    def list(self, ignore_patterns: list[str] | None) -> Iterator[tuple[str, FileSystemStorage]]:
        for path, source in self.files.items():
            if source.is_file():
                storage = FileSystemStorage(location=source.parent)
                storage.prefix = str(PurePosixPath(path).parent)
                yield source.name, storage
