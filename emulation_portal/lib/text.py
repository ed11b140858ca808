"""Text helpers shared by every app."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def nfc(value: str) -> str:
    """Return ``value`` in Unicode NFC.

    Vietnamese letters such as "ệ" can arrive precomposed or as a base letter plus combining
    marks depending on the keyboard; normalising on input makes the same name the same string
    (searches, uniqueness constraints and digests all depend on it).
    """
    return unicodedata.normalize("NFC", value)


# Characters that change how text is displayed without being seen: bidi embeddings,
# overrides and isolates (U+202A-U+202E, U+2066-U+2069), zero-width spaces and joiners,
# the byte order mark... (Unicode category Cf), and control characters (Cc).
ALLOWED_CONTROLS = frozenset("\n\r\t")


def invisible_characters(value: str, *, multi_line: bool = False) -> list[str]:
    """The invisible or direction-changing characters in ``value``, as U+XXXX."""
    allowed = ALLOWED_CONTROLS if multi_line else frozenset()
    found = {
        char
        for char in value
        if unicodedata.category(char) in ("Cf", "Cc", "Co", "Cs") and char not in allowed
    }
    return sorted(f"U+{ord(char):04X}" for char in found)


def _refuse_invisible(value: str, *, multi_line: bool) -> None:
    found = invisible_characters(value, multi_line=multi_line)
    if found:
        raise ValidationError(
            _("Remove the invisible or direction-changing characters (%(chars)s).")
            % {"chars": ", ".join(found)},
            code="invisible",
        )


def validate_line(value: str) -> None:
    """Names and identifiers: one line, no invisible or direction-changing characters."""
    _refuse_invisible(value, multi_line=False)


def validate_paragraphs(value: str) -> None:
    """Longer text: line breaks and tabs allowed, nothing invisible."""
    _refuse_invisible(value, multi_line=True)


def free_text(value: str, *, max_length: int = 2000) -> str:
    """A reason or comment typed into a service: stripped, checked, at most ``max_length``."""
    value = value.strip()
    validate_paragraphs(value)
    if len(value) > max_length:
        raise ValidationError(
            _("Keep it to %(max)s characters (it has %(count)s).")
            % {"max": max_length, "count": len(value)},
            code="max_length",
        )
    return value
