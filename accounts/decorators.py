from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .services import session_is_recently_authenticated


def reauth_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Ask for the password again before a sensitive action if the last check is too old.

    Put it on the page that shows the action's form, so the check comes before anything is
    typed; a POST that arrives too late is sent to the same check and back to that page.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not session_is_recently_authenticated(request=request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:reauth')}?{query}")
        return view(request, *args, **kwargs)

    return wrapper
