"""Access-checked fetching shared by every app's selectors: a probe outside one's scope is
recorded in the audit log."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.http import Http404

from .services import audit_record

M = TypeVar("M", bound=models.Model)


def get_scoped_or_404(queryset: models.QuerySet[M], *, pk: Any, user: Any) -> M:
    """The object ``pk`` if ``queryset`` (already scoped to ``user``) holds it, else 404.

    Asking for an object that exists outside one's scope is recorded in the audit log: the
    user sees the same 404 as for an object that does not exist, the administrators see a probe.
    """
    found = queryset.filter(pk=pk).first()
    if found is not None:
        return found
    hidden = queryset.model._base_manager.filter(pk=pk).first()
    if hidden is not None:
        audit_record(
            action="access.denied",
            actor=user,
            target=hidden,
            data={"reason": "outside scope"},
        )
    raise Http404
