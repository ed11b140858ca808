from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from emulation_portal.lib.forms import DateInput, LineField, ParagraphField, PortalFormMixin

from .models import AwardDecision, CriteriaTable, Criterion, VotingRule


class BallotOpenForm(PortalFormMixin, forms.Form):
    submit_label = _("Open the ballot")
    question = LineField(label=_("Question"), max_length=300)
    rule = forms.ModelChoiceField(label=_("Voting rule"), queryset=VotingRule.objects.all())
    candidates = forms.ModelMultipleChoiceField(
        label=_("Candidates"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    max_choices = forms.IntegerField(label=_("Choices per ballot"), min_value=1, initial=1)
    seats = forms.IntegerField(label=_("Units to elect"), min_value=1, initial=1)
    absent = forms.ModelMultipleChoiceField(
        label=_("Units absent from the meeting"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only these units' written ballots can be entered by the secretariat."),
    )  # fmt: skip

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = members
        self.fields["absent"].queryset = members


class AbsenceForm(PortalFormMixin, forms.Form):
    submit_label = _("Mark absent")
    absent = forms.ModelMultipleChoiceField(
        label=_("Units absent from the meeting"), queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Before anyone votes: the secretariat then enters their written ballots."),
    )  # fmt: skip

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["absent"].queryset = members


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


class ScoreSheetForm(forms.Form):
    """One points field and one justification field per criterion of the sheet."""

    def __init__(self, *args: Any, lines: Any, checking: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        self.checking = checking
        for line in self.lines:
            maximum = line.criterion.max_points
            if checking:
                self.fields[f"points_{line.pk}"] = forms.DecimalField(
                    label=line.criterion.name, min_value=0, max_value=maximum, required=False,
                    initial=line.checked_points,
                )  # fmt: skip
                self.fields[f"note_{line.pk}"] = ParagraphField(
                    label=_("Reason for the change"), required=False, initial=line.check_reason
                )
            else:
                self.fields[f"points_{line.pk}"] = forms.DecimalField(
                    label=line.criterion.name, min_value=0, max_value=maximum,
                    initial=line.self_points,
                )  # fmt: skip
                self.fields[f"note_{line.pk}"] = ParagraphField(
                    label=_("Justification"), required=False, initial=line.justification
                )

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [(line, self[f"points_{line.pk}"], self[f"note_{line.pk}"]) for line in self.lines]


CriterionFormSet = forms.modelformset_factory(
    Criterion,
    fields=["group", "order", "name", "kind", "max_points", "target_indicator"],
    extra=3,
    can_delete=True,
)


class CriteriaTableForm(forms.ModelForm):
    class Meta:
        model = CriteriaTable
        fields = ["self_score_deadline", "bonus_cap", "penalty_cap", "checkers"]
        widgets = {"self_score_deadline": DateInput(), "checkers": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["checkers"].queryset = members


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
        label=_("Place of issue"), max_length=100, required=False,
        help_text=_("As printed on the certificates, e.g. “Hà Nội”."),
    )  # fmt: skip
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
            "authority", "number", "date", "signer_position", "signer_rank", "signer_name", "place",
        ]  # fmt: skip
        widgets = {"date": DateInput()}
