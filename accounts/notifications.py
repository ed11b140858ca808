"""Telling users that something awaits them: in the portal, and by e-mail after commit."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from .models import Notification


def notify(
    *, users: Iterable[AbstractBaseUser], message: str, url: str = "", awaits: str = ""
) -> int:
    """Record a notification for each user and e-mail those with an address, once committed.

    ``awaits`` names what the users are waited for (see ``notifications_done``)."""
    users = [user for user in {user.pk: user for user in users}.values() if user.is_active]
    Notification.objects.bulk_create(
        Notification(user=u, message=message[:300], url=url, awaits=awaits) for u in users
    )
    link = settings.PORTAL_BASE_URL.rstrip("/") + url if url else ""
    mails = [
        (message[:150], f"{message}\n\n{link}".strip(), None, [u.email]) for u in users if u.email
    ]
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    return len(users)


def notifications_done(*, awaits: str | Iterable[str]) -> int:
    """What the notifications keyed ``awaits`` waited for is done (or waits for no one now):
    they stop counting beside the bell, for every user they were sent to."""
    keys = [awaits] if isinstance(awaits, str) else list(awaits)
    pending = Notification.objects.filter(awaits__in=keys, done_at__isnull=True)
    return pending.update(done_at=timezone.now())


def unread_for(user: AbstractBaseUser) -> QuerySet[Notification]:
    """What the bell counts: unread news, and unread requests that still await the user."""
    return Notification.objects.filter(user=user, read_at__isnull=True, done_at__isnull=True)


def unread_count(request: HttpRequest) -> dict[str, Callable[[], int]]:
    """Context processor: the number shown beside the bell in the navigation bar.

    Counted when a template first shows it (templates call a callable), so a page without
    the bell, the Django admin's, pays no query for it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": functools.cache(lambda: unread_for(user).count())}


def notifications_mark_read(*, user: AbstractBaseUser) -> None:
    Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
