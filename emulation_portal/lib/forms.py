"""Form helpers shared by the apps."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from .text import validate_line, validate_paragraphs


class PortalFormMixin:
    """Crispy helper with one submit button; the view writes the <form> tag (and csrf)."""

    submit_label = _("Save")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", self.submit_label))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, under fields the form has, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        target = field if field in form.fields else None
        if field == NON_FIELD_ERRORS:
            target = None
        form.add_error(target, errors)


class LineField(forms.CharField):
    """A name or identifier typed on one line: nothing invisible or direction-changing."""

    default_validators = [validate_line]


class ParagraphField(forms.CharField):
    """Longer text in a textarea, at most ``max_length`` characters, nothing invisible."""

    default_validators = [validate_paragraphs]

    def __init__(self, *, max_length: int = 2000, rows: int = 3, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(max_length=max_length, **kwargs)
