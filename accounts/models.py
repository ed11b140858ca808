from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """Something awaiting a user, shown in the portal (and sent by e-mail)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(_("message"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    # What the notification waits for, e.g. "pledge:7:sign:unit:3"; empty for plain news.
    # The service that does it marks every notification with that key done.
    awaits = models.CharField(_("awaits"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["awaits", "done_at"]),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.message
