from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from emulation_portal.lib.forms import DateInput, LineField, ParagraphField, PortalFormMixin

from .models import AwardDecision


class ProposalForm(PortalFormMixin, forms.Form):
    submit_label = _("Save the proposal")
    award = forms.ModelChoiceField(label=_("Award"), queryset=None)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    person = forms.ModelChoiceField(
        label=_("Person (for an individual award)"), queryset=None, required=False
    )
    situation = ParagraphField(
        label=_("I. Situation and tasks"), required=False, max_length=8000, rows=4
    )
    achievement = ParagraphField(
        label=_("II. Achievements"),
        max_length=8000,
        rows=8,
        help_text=_("Following form Mẫu 02: results against the tasks and the pledge's targets."),
    )
    awards_received = ParagraphField(
        label=_("III. Awards already received"), required=False, max_length=4000
    )
    no_discipline = forms.BooleanField(
        label=_("No discipline at warning level or above this year"), required=False
    )
    members_total = forms.IntegerField(label=_("Members"), min_value=0, required=False)
    members_with_title = forms.IntegerField(
        label=_("Members holding a title"), min_value=0, required=False
    )

    def __init__(self, *args: Any, units: Any, people: Any, awards: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["award"].queryset = awards
        self.fields["unit"].queryset = units
        self.fields["person"].queryset = people


class DecisionForm(PortalFormMixin, forms.Form):
    submit_label = _("Record the decision")
    authority = LineField(label=_("Issuing authority"), max_length=200)
    number = LineField(label=_("Decision number"), max_length=50)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    signer_position = LineField(label=_("Signer's position"), max_length=200)
    signer_rank = LineField(label=_("Signer's rank"), max_length=100, required=False)
    signer_name = LineField(label=_("Signer's name"), max_length=200)
    place = LineField(
        label=_("Place of issue"),
        max_length=100,
        required=False,
        help_text=_("As printed on the certificates, e.g. “Hà Nội”."),
    )
    recipients = forms.ModelMultipleChoiceField(
        label=_("Approved proposals it grants"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, approved: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = approved


class DecisionCorrectionForm(PortalFormMixin, forms.ModelForm):
    submit_label = _("Correct the decision")
    reason = ParagraphField(label=_("Why it is corrected"), rows=2)

    class Meta:
        model = AwardDecision
        fields = [
            "authority",
            "number",
            "date",
            "signer_position",
            "signer_rank",
            "signer_name",
            "place",
        ]
        widgets = {"date": DateInput()}
