from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from emulation_portal.lib.forms import DateInput, ParagraphField, PortalFormMixin

from .models import Pledge, PledgeSection, Target, TitleRegistration
from .services import PLEDGE_FIELDS, REGISTRATION_FIELDS, SECTION_FIELDS, TARGET_FIELDS


class PledgeForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Pledge
        fields = PLEDGE_FIELDS
        widgets = {"signing_deadline": DateInput(), "preamble": forms.Textarea(attrs={"rows": 4})}


class PledgeCreateForm(PledgeForm):
    copy_from = forms.ModelChoiceField(
        label=_("Start from an earlier pledge"),
        queryset=Pledge.objects.none(),
        required=False,
        help_text=_("Its common sections and the member units' targets are copied, to edit."),
    )

    def __init__(self, *args: Any, earlier: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["copy_from"].queryset = earlier


class SectionForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = PledgeSection
        fields = SECTION_FIELDS


class TargetForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Target
        fields = TARGET_FIELDS
        widgets = {"deadline": DateInput(), "content": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "goal": _("Clear goal: what the unit wants to achieve."),
            "subject": _("Clear subject: who it applies to."),
            "indicator": _("Clear indicator: what is measured."),
            "evidence": _("Clear result: the evidence that will prove it."),
        }

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class NewVersionForm(forms.Form):
    reason = ParagraphField(label=_("Why the text must change"), rows=2)


class RegistrationForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = TitleRegistration
        fields = REGISTRATION_FIELDS
        widgets = {"individual_names": forms.Textarea(attrs={"rows": 5})}


class SignForm(PortalFormMixin, forms.Form):
    submit_label = _("Sign the pledge")
    unit = forms.ModelChoiceField(label=_("Sign for"), queryset=None, empty_label=None)
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput)
    otp_code = forms.CharField(
        label=_("One-time code"),
        required=False,
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, units: Any, needs_code: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if needs_code:
            self.fields["otp_code"].required = True
        else:
            del self.fields["otp_code"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ProgressForm(PortalFormMixin, forms.Form):
    submit_label = _("Report progress")
    achieved_value = forms.DecimalField(
        label=_("Value reached so far"), max_digits=14, decimal_places=2
    )
    narrative = ParagraphField(label=_("What was done"), max_length=4000, rows=4)
    files = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=_("PDF, images (PNG, JPEG), Word or Excel; at most 10 MB each."),
    )


class ReviewForm(PortalFormMixin, forms.Form):
    submit_label = _("Hand in the review")
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, empty_label=None)
    summary = ParagraphField(label=_("Results and lessons"), max_length=8000, rows=8)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class DelegationForm(PortalFormMixin, forms.Form):
    submit_label = _("Let this person sign")
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, empty_label=None)
    delegate = forms.ModelChoiceField(label=_("Person (with a portal account)"), queryset=None)

    def __init__(self, *args: Any, units: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["delegate"].queryset = people
        self.fields["delegate"].label_from_instance = lambda user: (
            f"{user.person.get_rank_display()} {user.person.full_name} · {user.person.position}"
        )
