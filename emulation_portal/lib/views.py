"""View helpers shared by the apps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy

from .forms import add_service_errors

T = TypeVar("T")

# After an edit: "Saved the changes to Lữ đoàn 144." Actions that create or change state say
# what they did in words of their own.
SAVED = gettext_lazy("Saved the changes to %(name)s.")


def form_page(
    request: HttpRequest,
    *,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], Any],
    success_url: Callable[[Any], str],
    template_name: str,
    context: dict[str, Any] | None = None,
    success: Callable[[Any], str] | None = None,
) -> HttpResponse:
    """Show ``form``; on a valid POST call ``save`` (a service), say what was done
    (``success`` of what it saved, naming it) and redirect.

    A service's ValidationError re-displays the form with what the user typed and the
    messages in their language; nothing is saved.
    """
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if success is not None:
                messages.success(request, success(saved))
            return redirect(success_url(saved))
    status = 400 if request.method == "POST" else 200
    return render(request, template_name, {"form": form, **(context or {})}, status=status)


def service_run(request: HttpRequest, action: Callable[[], T], *, success: str = "") -> T | None:
    """Run the service a transition calls; a rule it refuses becomes an error message, and
    ``success`` (what was done, naming the object) a success message.

    Every service refuses with a ValidationError (``emulation_portal.lib.errors.RuleError``
    for domain rules), so this is the one place a transition catches it. Returns the
    service's result, or None when it refused.
    """
    try:
        result = action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return None
    if success:
        messages.success(request, success)
    return result
