"""Access-checked reads of awards: a proposal or a public notice the user may see, else 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from audit.access import get_scoped_or_404
from blocs.models import Bloc
from blocs.selectors import bloc_get_for_user, bloc_list_for_user
from emulation_portal.lib.search import search_filter

from .models import Proposal, ProposalStatus, PublicNotice
from .proposals import proposal_list_for_user


def proposal_get_for_user(*, user: Any, pk: int) -> Proposal:
    return get_scoped_or_404(proposal_list_for_user(user=user), pk=pk, user=user)


# What the proposal list's search box reads: the nominee, their unit and the award.
SEARCH_FIELDS = ("person__full_name", "unit__name", "award__name")


def proposal_list_filtered(*, user: Any, status: str = "", search: str = "") -> QuerySet[Proposal]:
    """The proposal list as its page filters it (an unknown status filters nothing), newest
    first: the page and its export read the same rows."""
    proposals = proposal_list_for_user(user=user).order_by("-year", "-pk")
    if status in ProposalStatus.values:
        proposals = proposals.filter(status=status)
    return search_filter(proposals, fields=SEARCH_FIELDS, query=search)


def notices_for_user(*, user: Any, bloc_pk: int, year: int) -> tuple[Bloc, QuerySet[PublicNotice]]:
    """A bloc's notices of the year, for every user who reads the bloc (404 otherwise): the
    notice is public to the whole bloc, not only to whoever may open each proposal."""
    bloc = bloc_get_for_user(user=user, pk=bloc_pk)
    notices = PublicNotice.objects.filter(bloc=bloc, year=year).prefetch_related(
        Prefetch(
            "proposals",
            Proposal.objects.select_related("award", "unit", "person").prefetch_related("feedback"),
        )
    )
    return bloc, notices


def noticed_proposal_get_for_user(*, user: Any, pk: int) -> Proposal:
    """A proposal on a public notice of a bloc the user reads (to send feedback on it)."""
    visible = Proposal.objects.filter(notices__bloc__in=bloc_list_for_user(user=user)).distinct()
    return get_scoped_or_404(visible.select_related("award", "unit", "person"), pk=pk, user=user)
