from __future__ import annotations

import gc
import threading

import pytest
from django.conf import settings

from emulation_portal.lib.pdf import (
    INTERNAL_BASE_URL,
    RENDER_GC_THRESHOLD,
    StaticOnlyURLFetcher,
    collected_less,
    html_to_pdf,
    uses_fast_font_subsetter,
)


def test_weasyprint_uses_the_fast_harfbuzz_subsetter() -> None:
    # Without libharfbuzz-subset0 WeasyPrint silently falls back to fontTools, ~9x slower.
    assert uses_fast_font_subsetter()


def test_fetcher_serves_our_static_files() -> None:
    url = INTERNAL_BASE_URL.rstrip("/") + settings.STATIC_URL + "css/document.css"
    response = StaticOnlyURLFetcher()(url)
    assert b"@page" in response.read()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/logo.png",
        "https://emulation-portal.internal/media/jobs/secret.pdf",
        "https://emulation-portal.internal/static/../../../etc/passwd",
        "https://emulation-portal.internal/static/%2e%2e/%2e%2e/etc/passwd",
    ],
)
def test_fetcher_refuses_everything_else(url: str) -> None:
    with pytest.raises(Exception):  # noqa: B017 (ValueError or SuspiciousFileOperation)
        StaticOnlyURLFetcher()(url)


def test_rendering_collects_garbage_less_often_and_then_as_before() -> None:
    """Two renders at once in two threads: each renders with the higher threshold, and the
    process's own is back once the last of them ends."""
    before = gc.get_threshold()
    seen: list[tuple[int, int, int]] = []
    first_inside, second_done = threading.Event(), threading.Event()

    def first() -> None:
        with collected_less():
            seen.append(gc.get_threshold())
            first_inside.set()
            second_done.wait(10)
            seen.append(gc.get_threshold())

    thread = threading.Thread(target=first)
    thread.start()
    first_inside.wait(10)
    pdf = html_to_pdf("<p>Lữ đoàn 144</p>")  # the second render ends while the first runs
    second_done.set()
    thread.join(10)

    assert pdf.startswith(b"%PDF")
    assert seen == [(RENDER_GC_THRESHOLD, *before[1:])] * 2
    assert gc.get_threshold() == before
