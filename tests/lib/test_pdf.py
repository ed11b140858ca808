from __future__ import annotations

import pytest
from django.conf import settings

from emulation_portal.lib.pdf import (
    INTERNAL_BASE_URL,
    StaticOnlyURLFetcher,
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
