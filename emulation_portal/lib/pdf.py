"""The one place where the portal turns HTML into PDF with WeasyPrint.

Font configuration and the shared stylesheet are built once per process (a Celery worker
renders many documents); the URL fetcher serves only the portal's own static files, so text
typed by a user can never make the renderer read a local file or reach the network.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import mimetypes
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import urlopen

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.ffi import harfbuzz, harfbuzz_subset
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Documents are rendered against this private origin; only its /static/ paths resolve.
INTERNAL_BASE_URL = "https://emulation-portal.internal/"
DOCUMENT_STYLESHEET = "css/document.css"
# While a PDF renders, the garbage collector's first generation waits for this many new
# objects instead of 700: WeasyPrint allocates millions of short-lived boxes and styles, and
# with the default a chunk of 100 certificates spent a quarter to a third of its CPU time in
# about 460 collections (5 with this figure, and no larger peak worth measuring).
RENDER_GC_THRESHOLD = 10_000


class StaticOnlyURLFetcher(URLFetcher):
    """Serve ``INTERNAL_BASE_URL`` + STATIC_URL paths from the static files; refuse all else."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if url.startswith("data:"):  # inline images (QR codes): no file, no network
            with urlopen(url) as response:  # noqa: S310 (only the data: scheme reaches here)
                return URLFetcherResponse(url, body=response.read(), headers=dict(response.headers))
        static_prefix = INTERNAL_BASE_URL.rstrip("/") + settings.STATIC_URL
        if not url.startswith(static_prefix):
            raise ValueError(f"Documents may only load the portal's static files, not {url!r}")
        relative = unquote(urlsplit(url).path[len(settings.STATIC_URL) :])
        found = static_file_path(relative)
        if found is None:
            raise ValueError(f"No static file {relative!r}")
        content_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=found.read_bytes(), headers={"Content-Type": content_type}
        )


def static_file_path(relative: str) -> Path | None:
    """Find a static file by its path below STATIC_URL (source folders first, then collected)."""
    found = finders.find(relative)  # refuses "../" escapes (SuspiciousFileOperation)
    if found:
        return Path(found)
    collected = (Path(settings.STATIC_ROOT) / relative).resolve()
    if collected.is_file() and Path(settings.STATIC_ROOT).resolve() in collected.parents:
        return collected
    return None


@functools.cache
def font_configuration() -> FontConfiguration:
    return FontConfiguration()


@functools.cache
def _fetcher() -> StaticOnlyURLFetcher:
    return StaticOnlyURLFetcher(allowed_protocols=("https", "data"))


@functools.cache
def _stylesheet(name: str) -> CSS:
    path = static_file_path(name)
    if path is None:
        raise FileNotFoundError(name)
    return CSS(
        string=path.read_text(encoding="utf-8"),
        base_url=INTERNAL_BASE_URL,
        url_fetcher=_fetcher(),
        font_config=font_configuration(),
    )


def render_pdf(
    *, template_name: str, context: dict[str, Any], stylesheets: Sequence[str] = ()
) -> bytes:
    """Render a template from ``templates/documents/`` to PDF bytes, with the shared
    document stylesheet and any others of the static files (parsed once per process)."""
    html = render_to_string(template_name, context)
    return html_to_pdf(html, stylesheets=stylesheets)


def html_to_pdf(html: str, *, stylesheets: Sequence[str] = ()) -> bytes:
    with collected_less():
        document = HTML(string=html, base_url=INTERNAL_BASE_URL, url_fetcher=_fetcher())
        return document.write_pdf(
            stylesheets=[_stylesheet(name) for name in (DOCUMENT_STYLESHEET, *stylesheets)],
            font_config=font_configuration(),
        )


_rendering = {"count": 0, "threshold": gc.get_threshold()}
_rendering_lock = threading.Lock()


@contextlib.contextmanager
def collected_less() -> Iterator[None]:
    """The garbage collector at ``RENDER_GC_THRESHOLD`` while any thread of the process
    renders (the threshold is the process's: the last render to end puts it back)."""
    with _rendering_lock:
        if not _rendering["count"]:
            _rendering["threshold"] = gc.get_threshold()
            gc.set_threshold(RENDER_GC_THRESHOLD, *_rendering["threshold"][1:])
        _rendering["count"] += 1
    try:
        yield
    finally:
        with _rendering_lock:
            _rendering["count"] -= 1
            if not _rendering["count"]:
                gc.set_threshold(*_rendering["threshold"])


def uses_fast_font_subsetter() -> bool:
    """True when WeasyPrint found libharfbuzz-subset (about 9x faster than fontTools)."""
    return harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))


def page_number_sheets(total: int) -> bytes:
    """``total`` blank pages that carry only the shared stylesheet's page numbers ("3/40"), to
    lay over a document rendered in chunks (``pdfjoin.overlay_pages``)."""
    pages = '<div style="break-before: page"></div>' * total
    return html_to_pdf(f"<!DOCTYPE html><html><body>{pages}</body></html>")
