"""Text helpers shared by every app."""

from __future__ import annotations

import unicodedata


def nfc(value: str) -> str:
    """Return ``value`` in Unicode NFC.

    Vietnamese letters such as "ệ" can arrive precomposed or as a base letter plus combining
    marks depending on the keyboard; normalising on input makes the same name the same string
    (searches, uniqueness constraints and digests all depend on it).
    """
    return unicodedata.normalize("NFC", value)
