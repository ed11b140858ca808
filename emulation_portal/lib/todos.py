"""What awaits a user ("Việc cần làm"): each app registers a provider that lists, for a user,
the things it is waiting for them to do, with a deadline where there is one and a link. The
home page gathers them; the apps stay independent of the page that shows them."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Todo:
    text: str
    url: str
    due: datetime.date | None = None

    def overdue(self, today: datetime.date) -> bool:
        return self.due is not None and self.due < today


Provider = Callable[[Any, datetime.date], Iterable[Todo]]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Register ``provider(user, today)``; it returns the user's to-dos from one app."""
    _PROVIDERS.append(provider)
    return provider


def todos_for(user: Any, today: datetime.date) -> list[Todo]:
    """Everything that awaits ``user``, the earliest deadline first, undated ones last."""
    todos = [todo for provider in _PROVIDERS for todo in provider(user, today)]
    return sorted(todos, key=lambda t: (t.due is None, t.due or today, t.text))
