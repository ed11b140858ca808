"""Two-factor login, re-authentication, password change and the user's own sessions."""

from __future__ import annotations

import base64

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.services import audit_record

from . import services
from .decorators import reauth_required
from .forms import EnrolForm, OtpForm, ReauthForm
from .notifications import notifications_mark_read


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else reverse_lazy("dashboard")


@require_http_methods(["GET", "POST"])
@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    form = OtpForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            otp_login(request, form.device)
            services.session_stamp_authentication(request=request)
            audit_record(action="2fa.verify", actor=request.user)
            return redirect(_next_url(request))
        audit_record(action="2fa.verify_failed", actor=request.user)
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})


def _to_otp_verify(request: HttpRequest) -> HttpResponse:
    query = urlencode({"next": request.get_full_path()})
    return redirect(f"{reverse('accounts:otp_verify')}?{query}")


@require_http_methods(["GET", "POST"])
@login_required
@reauth_required
def otp_enrol(request: HttpRequest) -> HttpResponse:
    """Scan a QR code, type the code the app shows; then the recovery codes, shown once.

    Replacing an authenticator takes the second factor it replaces: the password alone
    never does (an administrator resets a lost one).
    """
    if not services.device_can_change(user=request.user):
        return _to_otp_verify(request)
    device = services.totp_device_pending(request=request)
    form = EnrolForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        codes = services.totp_device_confirm(
            request=request, device=device, token=form.cleaned_data["token"]
        )
        if codes is not None:
            otp_login(request, device)
            services.session_stamp_authentication(request=request)
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
        form.add_error("token", _("This code is not right. Check the phone's clock and try again."))
    qr = segno.make(device.config_url, error="m").svg_data_uri(scale=5)
    secret = base64.b32encode(device.bin_key).decode()
    context = {"form": form, "qr": qr, "secret": secret, "next": _next_url(request)}
    return render(request, "accounts/otp_enrol.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
@reauth_required
def otp_recovery(request: HttpRequest) -> HttpResponse:
    # Recovery codes stand in for an authenticator; without one they would lock the user out.
    if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("accounts:otp_enrol")
    if not services.device_can_change(user=request.user):
        return _to_otp_verify(request)
    if request.method == "POST":
        codes = services.recovery_codes_issue(user=request.user)
        return render(request, "accounts/recovery_codes.html", {"codes": codes})
    return render(request, "accounts/otp_recovery.html")


@require_http_methods(["GET", "POST"])
@login_required
def reauth(request: HttpRequest) -> HttpResponse:
    form = ReauthForm(request.POST or None, user=request.user, request=request)
    needs_code = services.two_factor_required(user=request.user)
    otp_form = (
        OtpForm(request.POST or None, user=request.user, prefix="otp") if needs_code else None
    )
    if request.method == "POST" and form.is_valid() and (otp_form is None or otp_form.is_valid()):
        services.session_stamp_authentication(request=request)
        audit_record(action="auth.reauth", actor=request.user)
        return redirect(_next_url(request))
    context = {"form": form, "otp_form": otp_form, "next": _next_url(request)}
    return render(request, "accounts/reauth.html", context, status=400 if form.errors else 200)


@method_decorator([login_required, reauth_required], name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    http_method_names = ["get", "post"]
    success_url = reverse_lazy("accounts:sessions")

    def form_valid(self, form: object) -> HttpResponse:
        response = super().form_valid(form)
        audit_record(action="auth.password_change", actor=self.request.user)
        messages.success(
            self.request, _("Your password was changed; your other sessions were ended.")
        )
        return response


@require_safe
@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    sessions = request.user.session_set.filter(expire_date__gt=timezone.now()).order_by(
        "-updated_at"
    )
    return render(
        request,
        "accounts/session_list.html",
        {"sessions": sessions, "current": request.session.session_key},
    )


@login_required
@require_POST
def session_end(request: HttpRequest) -> HttpResponse:
    key = request.POST.get("session_key", "")
    if key == "others":
        services.sessions_end(
            user=request.user, keep=request.session.session_key, actor=request.user
        )
    else:
        session = request.user.session_set.filter(session_key=key).first()
        if session is not None:
            session.delete()
            audit_record(action="session.end", actor=request.user, target=request.user)
    messages.success(request, _("The session was ended."))
    return redirect("accounts:sessions")


@require_safe
@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    items = list(request.user.notifications.all()[:100])
    unread = any(item.read_at is None and item.done_at is None for item in items)
    return render(request, "accounts/notification_list.html", {"items": items, "unread": unread})


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    notifications_mark_read(user=request.user)
    messages.success(request, _("Marked every notification as read."))
    return redirect("accounts:notifications")
