from __future__ import annotations

from emulation_portal.lib import demo

from .models import VotingRule
from .rules import voting_rules_ensure


@demo.register
def awards_demo_load() -> list[tuple[str, str]]:
    voting_rules_ensure(VotingRule)
    return []
