from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from emulation_portal.lib.forms import PortalFormMixin

from .models import VotingRule


class BallotOpenForm(PortalFormMixin, forms.Form):
    submit_label = _("Open the ballot")
    question = forms.CharField(label=_("Question"), max_length=300)
    rule = forms.ModelChoiceField(label=_("Voting rule"), queryset=VotingRule.objects.all())
    candidates = forms.ModelMultipleChoiceField(
        label=_("Candidates"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    max_choices = forms.IntegerField(label=_("Choices per ballot"), min_value=1, initial=1)
    seats = forms.IntegerField(label=_("Units to elect"), min_value=1, initial=1)

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = members


class VoteForm(PortalFormMixin, forms.Form):
    submit_label = _("Cast the ballot")
    voter = forms.ModelChoiceField(label=_("Voting for unit"), queryset=None, empty_label=None)
    choices = forms.ModelMultipleChoiceField(
        label=_("Your choices"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave every box empty to cast a blank ballot."),
    )  # fmt: skip

    def __init__(self, *args: Any, voters: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["voter"].queryset = voters
        self.fields["choices"].queryset = candidates


class ReceiptForm(forms.Form):
    code = forms.CharField(label=_("Receipt code"), max_length=40)
