from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from blocs.models import person_label
from emulation_portal.lib.forms import (
    CheckboxList,
    DateInput,
    LineField,
    ParagraphField,
    PortalFormMixin,
)

from .models import AwardDecision, AwardRule, InitiativeKind, award_label


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
    members_completed = forms.BooleanField(
        label=_("Every member completed their tasks this year"),
        required=False,
        help_text=_("For a collective: attach the evidence (the unit's review minutes)."),
    )

    def __init__(self, *args: Any, units: Any, people: Any, awards: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["award"].queryset = awards
        self.fields["unit"].queryset = units
        self.fields["person"].queryset = people


# Who confers what is the catalogue's (an award's level and issuing authority): the service
# refuses a decision whose authority may not confer its awards.
AUTHORITY_HELP = _(
    "As the decision names it: “Bộ Tổng Tham mưu” for a Bằng khen of the Chief of the General "
    "Staff, the unit (“Lữ đoàn 144”) for a Giấy khen or a title its head confers."
)
SIGNER_POSITION_HELP = _("In whose name it is conferred: “Tổng Tham mưu trưởng”, “Lữ đoàn trưởng”.")


class DecisionForm(PortalFormMixin, forms.Form):
    submit_label = _("Record the decision")
    authority = LineField(label=_("Issuing authority"), max_length=200, help_text=AUTHORITY_HELP)
    number = LineField(label=_("Decision number"), max_length=50)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    signer_position = LineField(
        label=_("Signer's position"), max_length=200, help_text=SIGNER_POSITION_HELP
    )
    signer_rank = LineField(label=_("Signer's rank"), max_length=100, required=False)
    signer_name = LineField(label=_("Signer's name"), max_length=200)
    place = LineField(
        label=_("Place of issue"),
        max_length=100,
        required=False,
        help_text=_("As printed on the certificates, e.g. “Hà Nội”."),
    )
    recipients = forms.ModelMultipleChoiceField(
        label=_("Approved proposals it grants"), queryset=None, widget=CheckboxList
    )

    def __init__(self, *args: Any, approved: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = approved
        # Labelled from one narrow query: at year end a command's 400 approved proposals
        # would otherwise be built as 2,000 model instances for their names alone.
        self.fields["recipients"].widget.choices = _ProposalLabels(approved)


class _ProposalLabels:
    """(pk, label) of each proposal, labelled as ``str(proposal)`` reads; queried when the
    form is shown, not when it is only validated."""

    def __init__(self, proposals: Any) -> None:
        self.proposals = proposals

    def __iter__(self) -> Iterator[tuple[int, str]]:
        rows = self.proposals.values_list(
            "pk", "award__name", "person__rank", "person__full_name", "unit__name", "year"
        )
        for pk, award, rank, person, unit, year in rows:
            yield pk, award_label(award, person_label(rank, person) if person else unit, year)


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
        help_texts = {"authority": AUTHORITY_HELP, "signer_position": SIGNER_POSITION_HELP}


class AwardRecordForm(PortalFormMixin, forms.Form):
    """An award decided outside the portal, as its decision reads."""

    submit_label = _("Record the award")
    award = forms.ModelChoiceField(label=_("Title or form of reward"), queryset=None)
    person = forms.ModelChoiceField(
        label=_("Person (empty for the unit's own award)"), queryset=None, required=False
    )
    year = forms.IntegerField(label=_("Year of the achievement"), min_value=1945)
    decision_number = LineField(label=_("Decision number"), max_length=50)
    decision_date = forms.DateField(label=_("Decision date"), widget=DateInput())
    authority = LineField(
        label=_("Issuing authority"), max_length=200, help_text=_("As the decision names it.")
    )

    def __init__(self, *args: Any, awards: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["award"].queryset = awards
        self.fields["person"].queryset = people


class AwardRecordRevokeForm(PortalFormMixin, forms.Form):
    submit_label = _("Mark as revoked")
    revoked_on = forms.DateField(label=_("Revoked on"), widget=DateInput())
    reason = ParagraphField(label=_("Reason, as the revoking decision gives it"), rows=2)


class InitiativeForm(PortalFormMixin, forms.Form):
    submit_label = _("Register it")
    kind = forms.ChoiceField(label=_("Kind"), choices=InitiativeKind.choices)
    title = LineField(label=_("Title"), max_length=300)
    authors = forms.ModelMultipleChoiceField(
        label=_("Authors"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    year = forms.IntegerField(label=_("Year"), min_value=1945)
    level = LineField(label=_("Level recognised"), max_length=100, help_text=_("E.g. “cấp cơ sở”."))
    recognised_by = LineField(label=_("Recognising decision"), max_length=100)
    recognised_on = forms.DateField(label=_("Recognised on"), widget=DateInput())

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["authors"].queryset = people


class AwardRuleForm(PortalFormMixin, forms.ModelForm):
    """A rule of the catalogue; the page previews its effect on pending proposals first."""

    submit_label = _("Show what this changes")

    class Meta:
        model = AwardRule
        fields = [
            "kind",
            "numerator",
            "denominator",
            "comparison",
            "years",
            "required_awards",
            "legal_source",
            "effective_from",
            "effective_to",
            "overridable",
        ]
        widgets = {
            "effective_from": DateInput(),
            "effective_to": DateInput(),
            "required_awards": forms.CheckboxSelectMultiple,
        }
