"""Form helpers shared by the apps."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
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


class CheckboxList(forms.SelectMultiple):
    """Checkboxes for a long list of choices (hundreds of approved proposals), written in
    one pass instead of a template per checkbox: the same markup as crispy's Bootstrap
    checkboxes, at a tenth of the cost."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        attrs = self.build_attrs(self.attrs, attrs)
        base = attrs.get("id") or f"id_{name}"
        invalid = " is-invalid" if "is-invalid" in attrs.get("class", "") else ""
        chosen = set(self.format_value(value))
        rows = format_html_join(
            "",
            '<div class="form-check"><input type="checkbox" class="form-check-input{}" '
            'name="{}" value="{}" id="{}_{}"{}><label for="{}_{}" class="form-check-label">'
            "{}</label></div>",
            (
                (invalid, name, key, base, i, " checked" if key in chosen else "", base, i, label)
                for i, (key, label) in enumerate(
                    (str(choice), str(label)) for choice, label in self.choices
                )
            ),
        )
        return format_html('<div id="{}" role="group">{}</div>', base, rows)


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
