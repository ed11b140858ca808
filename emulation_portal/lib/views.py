"""View helpers shared by the apps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .forms import add_service_errors


def form_page(
    request: HttpRequest,
    *,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], Any],
    success_url: Callable[[Any], str],
    template_name: str,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show ``form``; on a valid POST call ``save`` (a service) and redirect.

    A service's ValidationError re-displays the form with what the user typed and the
    messages in their language; nothing is saved.
    """
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(success_url(saved))
    status = 400 if request.method == "POST" else 200
    return render(request, template_name, {"form": form, **(context or {})}, status=status)
