"""The append-only audit log, chained by SHA-256 so a deleted or altered row is detected."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from emulation_portal.lib.fields import ParagraphField
from emulation_portal.lib.search import SearchDocument


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit entry through the application."""


class AuditEventQuerySet(models.QuerySet):
    # Set by audit.selectors.audit_word_matches on a search known to match more entries than
    # the admin counts (kept through filtering and ordering): no need to count them again.
    matches_many = False

    def _clone(self) -> AuditEventQuerySet:
        clone = super()._clone()
        clone.matches_many = self.matches_many
        return clone

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries cannot be changed")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit entries cannot be deleted")


# What the admin's search box and the CSV export read, folded into ``search_text`` in this
# order (its trigram index: migration 0026).
SEARCH_FIELDS = ("actor_name", "action", "target_repr", "target_id", "ip")


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(_("sequence"), unique=True, editable=False)
    at = models.DateTimeField(_("time (UTC)"), editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
        db_constraint=False,  # a removed account must never remove or block its history
    )
    actor_name = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("object type"), max_length=100, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_repr = models.CharField(_("object"), max_length=255, blank=True)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)
    # The searched fields folded (no accents, "đ" as "d", lower case), stored by the database
    # as each entry is written. Derived, so outside the chain's hash.
    search_text = models.GeneratedField(
        expression=SearchDocument(*SEARCH_FIELDS),
        output_field=models.TextField(),
        db_persist=True,
        verbose_name=_("search text"),
    )

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            # The admin's search by address (migration 0024 builds it concurrently).
            models.Index(fields=["ip"], name="audit_auditevent_ip"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit entries cannot be deleted")


class AuditChainHead(models.Model):
    """One row: the last entry's number and hash, locked while an entry is appended.

    It serialises writers (so the chain never forks) and lets the check notice a deleted tail.
    """

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"#{self.last_seq}"


class TransitionRecord(models.Model):
    """Base of the records every state machine keeps: who moved it, when, and why.

    Each app adds the object it follows and the from/to statuses with its own choices.
    """

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    reason = ParagraphField(blank=True, max_length=2000)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]
