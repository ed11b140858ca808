"""Reminders to commanders whose unit has not signed the open pledge as the deadline nears."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from blocs.models import RoleKind

from .models import Pledge, PledgeStatus, SigningReminder
from .selectors import pledge_current_version, signing_board

logger = logging.getLogger(__name__)


def signing_reminders_send(*, today: datetime.date) -> int:
    """Send today's reminders; returns how many went out. Safe to run more than once a day."""
    sent = 0
    pledges = Pledge.objects.filter(
        status=PledgeStatus.OPEN, signing_deadline__isnull=False
    ).select_related("campaign__bloc")
    for pledge in pledges:
        days = (pledge.signing_deadline - today).days
        if days not in settings.PORTAL_SIGNING_REMINDER_DAYS:
            continue
        version = pledge_current_version(pledge=pledge)
        waiting = [
            row.unit for row in signing_board(pledge=pledge, version=version) if not row.signature
        ]
        commanders = (
            get_user_model()
            .objects.filter(
                is_active=True,
                portal_roles__kind=RoleKind.COMMANDER,
                portal_roles__unit__in=waiting,
            )
            .exclude(email="")
            .values_list("pk", "portal_roles__unit_id")
        )
        users = {
            user.pk: user
            for user in get_user_model().objects.filter(pk__in={pk for pk, _ in commanders})
        }
        units = {unit.pk: unit for unit in waiting}
        for user_pk, unit_pk in commanders:
            sent += _remind(pledge, version, units[unit_pk], users[user_pk], today, days)
    return sent


def _remind(
    pledge: Pledge, version: object, unit: object, user: object, today: datetime.date, days: int
) -> int:
    try:
        with transaction.atomic():
            SigningReminder.objects.create(version=version, unit=unit, user=user, sent_on=today)
            _email(pledge, unit, user, days).send()
    except IntegrityError:
        return 0  # already reminded today
    return 1


def _email(pledge: Pledge, unit: object, user: object, days: int) -> EmailMultiAlternatives:
    url = settings.PORTAL_BASE_URL.rstrip("/") + reverse("pledges:sign", args=[pledge.pk])
    context = {
        "pledge": pledge,
        "unit": unit,
        "name": user.get_full_name() or user.get_username(),
        "deadline": pledge.signing_deadline.strftime("%d/%m/%Y"),
        "days": days,
        "url": url,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("emails/signing_reminder-subject.txt", context).split())
        text = render_to_string("emails/signing_reminder-body.txt", context)
        html = render_to_string("emails/signing_reminder-body.html", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message
