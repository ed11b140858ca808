"""Helpers the award tests share."""

from __future__ import annotations

import datetime


def noticed(proposal: object, actor: object) -> None:
    """Put ``proposal`` through a public notice that has already ended."""
    from awards.models import PublicNotice

    notice = PublicNotice.objects.create(
        bloc=proposal.bloc,
        year=proposal.year,
        working_days=10,
        opened_by=actor,
        starts_on=datetime.date(2000, 1, 3),
        ends_on=datetime.date(2000, 1, 14),
    )
    notice.proposals.add(proposal)
