"""Session bookkeeping tied to Django's authentication events.

Users are also changed from the Django admin and management commands, which do not go through
our services: so ending sessions when an account is disabled or its password changes hangs on
the model's signals, the one place every path passes.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from .services import session_stamp_authentication, sessions_end


@receiver(user_logged_in)
def _stamp_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        session_stamp_authentication(request=request, login=True)


@receiver(pre_save, sender=get_user_model())
def _remember_credentials(sender: Any, instance: Any, **kwargs: Any) -> None:
    if instance.pk is None:
        return
    stored = sender._base_manager.filter(pk=instance.pk).values("password", "is_active").first()
    instance._portal_credentials_changed = bool(stored) and (
        stored["password"] != instance.password or (stored["is_active"] and not instance.is_active)
    )


@receiver(post_save, sender=get_user_model())
def _end_sessions_on_credential_change(
    sender: Any, instance: Any, created: bool, **kwargs: Any
) -> None:
    if created or not getattr(instance, "_portal_credentials_changed", False):
        return
    # A user changing their own password keeps working: Django's update_session_auth_hash
    # runs after this and saves their session again under a new key. Every other one ends.
    sessions_end(user=instance)
