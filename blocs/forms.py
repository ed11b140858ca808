from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy as _

from emulation_portal.lib.forms import DateInput, PortalFormMixin

from . import selectors
from .models import YEAR_VALIDATORS, Bloc, Campaign, Membership, MembershipRole, Person, Unit
from .services import BLOC_FIELDS, CAMPAIGN_FIELDS, PERSON_FIELDS, UNIT_FIELDS


class BlocForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Bloc
        fields = BLOC_FIELDS

    def __init__(self, *args: Any, can_change_command: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_change_command:
            self.fields["command"].disabled = True


class UnitForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = UNIT_FIELDS


class UnitCreateForm(UnitForm):
    """A new unit joins a bloc in a year at once (so it is never left out of every scope)."""

    bloc = forms.ModelChoiceField(label=_("bloc"), queryset=Bloc.objects.none())
    year = forms.IntegerField(label=_("year"), validators=YEAR_VALIDATORS)
    role = forms.ChoiceField(
        label=_("role in the bloc"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER
    )

    def __init__(self, *args: Any, user: AbstractBaseUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bloc"].queryset = selectors.blocs_writable_for_user(user=user)


class MembershipCreateForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["unit", "role"]

    def __init__(self, *args: Any, user: AbstractBaseUser, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.units_joinable_for_user(user=user, year=year)


class MembershipRoleForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role"]


class CampaignForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = CAMPAIGN_FIELDS
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "launch_date": DateInput(),
            "focus_areas": forms.Textarea(attrs={"rows": 4}),
            "key_activities": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, user: AbstractBaseUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bloc"].queryset = selectors.blocs_writable_for_user(user=user)


class PersonForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = PERSON_FIELDS
        widgets = {
            "date_of_birth": DateInput(),
            "service_start": DateInput(),
            "service_end": DateInput(),
        }

    def __init__(self, *args: Any, user: AbstractBaseUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.units_staffable_for_user(user=user)


class RosterForm(PortalFormMixin, forms.Form):
    submit_label = _("Print the roster (PDF)")
    year = forms.IntegerField(label=_("year"), validators=YEAR_VALIDATORS)


class UnitStrengthForm(PortalFormMixin, forms.Form):
    submit_label = _("Save the strength")
    year = forms.IntegerField(label=_("Year"), validators=YEAR_VALIDATORS)
    strength = forms.IntegerField(
        label=_("Strength"),
        min_value=1,
        help_text=_("The unit's strength (quân số) that quotas on people are counted on."),
    )


class ImportUploadForm(PortalFormMixin, forms.Form):
    submit_label = _("Upload and check")

    file = forms.FileField(
        label=_("Spreadsheet (.xlsx)"),
        help_text=_("Nothing is saved yet: the next page shows what every row would do."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
