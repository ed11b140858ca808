from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from emulation_portal.lib.forms import PortalFormMixin

from .services import otp_check


class OtpForm(PortalFormMixin, forms.Form):
    submit_label = _("Confirm")
    token = forms.CharField(
        label=_("One-time code"),
        max_length=16,
        help_text=_("The 6 digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, user: AbstractBaseUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.device: object | None = None

    def clean_token(self) -> str:
        token = self.cleaned_data["token"]
        self.device = otp_check(user=self.user, token=token)
        if self.device is None:
            raise forms.ValidationError(_("This code is not right or has expired."))
        return token


class EnrolForm(PortalFormMixin, forms.Form):
    submit_label = _("Turn on two-factor login")
    token = forms.CharField(label=_("Code shown by the app"), max_length=6, min_length=6)


class ReauthForm(PortalFormMixin, forms.Form):
    submit_label = _("Continue")
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput)

    def __init__(
        self, *args: Any, user: AbstractBaseUser, request: HttpRequest, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.request = user, request

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        # Through authenticate(), so failures count towards the lockout like a login's.
        user = authenticate(self.request, username=self.user.get_username(), password=password)
        if user is None or user.pk != self.user.pk:
            raise forms.ValidationError(_("The password is not right."))
        return password
