from __future__ import annotations

from tests.certificates.conftest import award_catalogue

__all__ = ["award_catalogue"]
