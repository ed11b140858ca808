"""Request middleware with no knowledge of the apps."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import translation

from .text import nfc


class PreferredLanguageMiddleware:
    """Activate the language the user chose, else Vietnamese.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language on purpose:
    the portal is Vietnamese first, and a workstation with an English browser must not switch
    it. The choice made with the language switch (Django's ``set_language``) lives in a cookie.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


def _nfc_querydict(data: QueryDict) -> QueryDict:
    normalised = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        normalised.setlist(nfc(key), [nfc(value) for value in values])
    normalised._mutable = False
    return normalised


class UnicodeNFCMiddleware:
    """Normalise every submitted text field to NFC before any view or form sees it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.GET = _nfc_querydict(request.GET)
        if request.method == "POST":
            request.POST = _nfc_querydict(request.POST)
        return self.get_response(request)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address (after TrustedProxyMiddleware has looked past the proxies)."""
    return request.META.get("REMOTE_ADDR") or None


class TrustedProxyMiddleware:
    """Take the client address from X-Forwarded-For when the portal sits behind proxies.

    Only the right-most PORTAL_TRUSTED_PROXY_COUNT entries were written by our proxies; anything
    left of them was sent by the client and cannot be trusted. Lockouts, sessions and the
    audit log all read REMOTE_ADDR, so it is fixed once here.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.count = settings.PORTAL_TRUSTED_PROXY_COUNT

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.count:
            hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",")]
            hops = [hop for hop in hops if hop]
            if len(hops) >= self.count:
                request.META["REMOTE_ADDR"] = hops[-self.count]
        return self.get_response(request)
