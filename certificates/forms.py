from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from emulation_portal.lib.forms import PortalFormMixin

from . import layout
from .models import PrinterProfile


class BatchForm(forms.Form):
    output = forms.ChoiceField(
        label=_("File"),
        choices=[
            ("pdf", _("One PDF to print, a page per recipient")),
            ("zip", _("A ZIP of one PDF per recipient")),
        ],
        initial="pdf",
        widget=forms.RadioSelect,
    )
    mode = forms.ChoiceField(
        label=_("Paper"),
        choices=[
            ("full", _("Plain paper: the whole certificate")),
            ("blank", _("Pre-printed blanks: only the variable text")),
        ],
        initial="full",
        widget=forms.RadioSelect,
    )
    printer = forms.TypedChoiceField(
        label=_("Printer (for blanks)"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args: Any, printers: list[PrinterProfile], **kwargs: Any) -> None:
        """``printers``: the bloc's, fetched beforehand (a decision's page shows a form for
        each of its blocs, their printers read in one query)."""
        super().__init__(*args, **kwargs)
        self.printers = {printer.pk: printer for printer in printers}
        self.fields["printer"].choices = [("", "---------")] + [
            (printer.pk, printer.name) for printer in printers
        ]

    def clean_printer(self) -> PrinterProfile | None:
        pk = self.cleaned_data["printer"]
        return None if pk is None else self.printers[pk]


class PrinterProfileForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = PrinterProfile
        fields = ["name", "offset_x_mm", "offset_y_mm"]


class TemplateForm(PortalFormMixin, forms.Form):
    """One field per line of the certificate; the service refuses unknown placeholders."""

    def __init__(self, *args: Any, texts: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for line in layout.LINES:
            help_texts = [str(line.help)] if line.help else []
            if line.variable:
                help_texts.append(str(_("Printed on pre-printed blanks too.")))
            self.fields[line.name] = forms.CharField(
                label=line.label,
                required=False,
                initial=texts.get(line.name, ""),
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=" ".join(help_texts),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for line in layout.LINES:
            for problem in layout.line_problems(line, data.get(line.name) or ""):
                self.add_error(line.name, problem)
        return data
