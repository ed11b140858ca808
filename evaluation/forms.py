from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from emulation_portal.lib.forms import DateInput, LineField, ParagraphField, PortalFormMixin
from emulation_portal.lib.numbers import number

from .models import CriteriaTable, Criterion, VotingRule


class BallotOpenForm(PortalFormMixin, forms.Form):
    submit_label = _("Open the ballot")
    question = LineField(label=_("Question"), max_length=300)
    # No empty choice: a bloc usually has one rule (the default), which the form then offers
    # already chosen instead of refusing the first submission.
    rule = forms.ModelChoiceField(
        label=_("Voting rule"), queryset=VotingRule.objects.all(), empty_label=None
    )
    candidates = forms.ModelMultipleChoiceField(
        label=_("Candidates"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    max_choices = forms.IntegerField(label=_("Choices per ballot"), min_value=1, initial=1)
    seats = forms.IntegerField(label=_("Units to elect"), min_value=1, initial=1)
    absent = forms.ModelMultipleChoiceField(
        label=_("Units absent from the meeting"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only these units' written ballots can be entered by the secretariat."),
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = members
        self.fields["absent"].queryset = members


class AbsenceForm(PortalFormMixin, forms.Form):
    submit_label = _("Mark absent")
    absent = forms.ModelMultipleChoiceField(
        label=_("Units absent from the meeting"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Before anyone votes: the secretariat then enters their written ballots."),
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["absent"].queryset = members


class VoteForm(PortalFormMixin, forms.Form):
    submit_label = _("Cast the ballot")
    voter = forms.ModelChoiceField(label=_("Voting for unit"), queryset=None, empty_label=None)
    choices = forms.ModelMultipleChoiceField(
        label=_("Your choices"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave every box empty to cast a blank ballot."),
    )

    def __init__(self, *args: Any, voters: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["voter"].queryset = voters
        self.fields["choices"].queryset = candidates


class ReceiptForm(forms.Form):
    code = forms.CharField(label=_("Receipt code"), max_length=40)


class ScoreSheetForm(forms.Form):
    """One points field and one justification field per criterion of the sheet.

    Fields are named by criterion (``points_<criterion id>``), so the form is the same before
    and after the sheet's lines exist.
    """

    def __init__(self, *args: Any, lines: Any, checking: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        self.checking = checking
        for line in self.lines:
            maximum = line.criterion.max_points
            key = line.criterion_id
            # Django's own message would print the Decimal as stored ("60.00").
            at_most = {"max_value": _("At most %(points)s points.") % {"points": number(maximum)}}
            if checking:
                self.fields[f"points_{key}"] = forms.DecimalField(
                    label=line.criterion.name,
                    min_value=0,
                    max_value=maximum,
                    required=False,
                    initial=line.checked_points,
                    error_messages=at_most,
                )
                self.fields[f"note_{key}"] = ParagraphField(
                    label=_("Reason for the change"), required=False, initial=line.check_reason
                )
            else:
                self.fields[f"points_{key}"] = forms.DecimalField(
                    label=line.criterion.name,
                    min_value=0,
                    max_value=maximum,
                    initial=line.self_points,
                    error_messages=at_most,
                )
                self.fields[f"note_{key}"] = ParagraphField(
                    label=_("Justification"), required=False, initial=line.justification
                )
            points, note = self.fields[f"points_{key}"], self.fields[f"note_{key}"]
            points.widget.attrs.update(
                {"class": "form-control form-control-sm score-points", "inputmode": "decimal"}
            )
            note.widget.attrs.update({"class": "form-control form-control-sm", "rows": 3})
            points.widget.attrs["aria-label"] = line.criterion.name

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (line, self[f"points_{line.criterion_id}"], self[f"note_{line.criterion_id}"])
            for line in self.lines
        ]

    def values(self) -> dict[int, tuple[Any, str]]:
        """Points and text typed for each criterion, by criterion id."""
        data = self.cleaned_data
        return {
            line.criterion_id: (
                data[f"points_{line.criterion_id}"],
                data[f"note_{line.criterion_id}"],
            )
            for line in self.lines
        }


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
