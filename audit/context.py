"""Where the current action comes from, for the audit log, without passing requests around."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = client_ip.set(request.META.get("REMOTE_ADDR") or None)
        try:
            return self.get_response(request)
        finally:
            client_ip.reset(token)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, PermissionDenied):
            from .services import audit_record

            audit_record(
                action="access.denied",
                actor=request.user,
                data={"method": request.method, "path": request.path[:500]},
            )
