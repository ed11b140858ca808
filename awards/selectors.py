"""Access-checked reads of awards: a proposal the user may see, else 404."""

from __future__ import annotations

from typing import Any

from audit.access import get_scoped_or_404

from .models import Proposal
from .proposals import proposal_list_for_user


def proposal_get_for_user(*, user: Any, pk: int) -> Proposal:
    return get_scoped_or_404(proposal_list_for_user(user=user), pk=pk, user=user)
