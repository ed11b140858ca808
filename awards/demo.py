from __future__ import annotations

from emulation_portal.lib import demo

from .models import AwardRule, AwardType
from .rules import awards_ensure


@demo.register
def awards_demo_load() -> list[tuple[str, str]]:
    awards_ensure(AwardType, AwardRule)
    return []
