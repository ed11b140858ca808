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
    printer = forms.ModelChoiceField(
        label=_("Printer (for blanks)"), queryset=PrinterProfile.objects.none(), required=False
    )

    def __init__(self, *args: Any, printers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["printer"].queryset = printers


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
