"""Helpers the award tests share."""

from __future__ import annotations

import datetime

import time_machine
from django.utils import timezone

from awards import notices
from awards.models import Proposal, PublicNotice


def noticed(proposal: Proposal, actor: object) -> PublicNotice:
    """Make the submitted proposals of ``proposal``'s bloc and year public, as ``actor`` did a
    month ago through the service, so that the notice has run its course by today."""
    with time_machine.travel(timezone.now() - datetime.timedelta(days=30), tick=False):
        return notices.notice_publish(
            user=actor, bloc=proposal.bloc, year=proposal.year, working_days=10
        )
