"""Model fields for text people type: a maximum length, and nothing invisible.

Every name and identifier is a ``LineField`` (no bidi controls, zero-width or control
characters, which can make "Lữ đoàn 144" display as something else); every longer text is a
``ParagraphField`` with a maximum length, so nobody stores a megabyte in a comment (and
copies it into the audit log).
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.functional import cached_property

from .text import validate_line, validate_paragraphs


class LineField(models.CharField):
    default_validators = [validate_line]


class ParagraphField(models.TextField):
    default_validators = [validate_paragraphs]

    def __init__(self, *args: Any, max_length: int, **kwargs: Any) -> None:
        super().__init__(*args, max_length=max_length, **kwargs)

    @cached_property
    def validators(self) -> list[Any]:
        # A TextField's max_length reaches its form field only; check it on the model too.
        return [*super().validators, MaxLengthValidator(self.max_length)]
