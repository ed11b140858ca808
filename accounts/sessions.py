"""The session store: qsessions' database sessions, which also bring the user's second factors.

Every request of a signed-in user loads its session row anyway. The same query now brings the
ids of that user's confirmed two-factor devices (one subquery per device model), so "is this
session verified by a device that still exists?" and "does the user have a second factor at
all?" cost no query of their own (``accounts.middleware.SessionOTPMiddleware``). Nothing is
cached between requests: a device removed, replaced or added, or a session ended, takes effect
on the very next request, as it did when django-otp queried the devices itself.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Aggregate, OuterRef, Subquery, TextField
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone
from django_otp import device_classes
from qsessions.backends.db import SessionStore as QSessionStore


class _IdList(Aggregate):
    """The ids of a group as one text, comma separated (STRING_AGG, GROUP_CONCAT on SQLite)."""

    function = "STRING_AGG"
    template = "%(function)s(CAST(%(expressions)s AS text), ',')"
    output_field = TextField()

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, list[Any]]:
        return self.as_sql(
            compiler,
            connection,
            function="GROUP_CONCAT",
            template="%(function)s(%(expressions)s, ',')",
            **extra,
        )


def _label(model: type) -> str:
    # The prefix of django-otp's Device.persistent_id: "otp_totp.totpdevice/<pk>".
    return f"{model._meta.app_label}.{model._meta.model_name}"


def _column(model: type) -> str:
    return f"otp_{model._meta.app_label}_{model._meta.model_name}"


def _device_ids(model: type) -> Subquery:
    """The confirmed devices of ``model`` that belong to the session row's user."""
    return Subquery(
        model.objects.filter(user_id=OuterRef("user_id"), confirmed=True)
        .values("user_id")
        .annotate(ids=_IdList("pk"))
        .values("ids")
    )


class SessionStore(QSessionStore):
    """``second_factors``: once the session is loaded, the persistent ids of the confirmed
    devices of the user its row belongs to (``session_user_id``); None for a session with no
    row or no user."""

    second_factors: frozenset[str] | None = None
    session_user_id: str | None = None

    def _get_session_from_db(self) -> Any:
        # Django's query, with the devices; it logs and forgets a malformed key the same way.
        self.second_factors = self.session_user_id = None
        models = list(device_classes())
        try:
            row = self.model.objects.annotate(
                **{_column(model): _device_ids(model) for model in models}
            ).get(session_key=self.session_key, expire_date__gt=timezone.now())
        except (self.model.DoesNotExist, SuspiciousOperation) as error:
            if isinstance(error, SuspiciousOperation):
                logger = logging.getLogger(f"django.security.{type(error).__name__}")
                logger.warning(str(error))
            self._session_key = None
            return None
        if row.user_id is not None:
            self.session_user_id = str(row.user_id)
            self.second_factors = frozenset(
                f"{_label(model)}/{pk}"
                for model in models
                for pk in (getattr(row, _column(model)) or "").split(",")
                if pk
            )
        return row
