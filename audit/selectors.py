"""Reading the audit log fast at a million entries: the admin's list and the CSV export.

Every filter has fixed choices or typed values (no ``DISTINCT`` over the log to offer them),
and every search lands on an index: ``#1234`` on the sequence number, an address on the
address, an action such as ``auth.login`` (or ``proposal.``) on the start of the action, and
anything else on the trigram index of the folded text (``emulation_portal.lib.search``).
"""

from __future__ import annotations

import datetime
import ipaddress
import re
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from emulation_portal.lib.search import search_filter

from .models import SEARCH_FIELDS, AuditEvent

# The kinds of entry an auditor asks for, by the start of their action; "change" is the rest
# (the records each app creates, changes and moves along: "proposal.submitted"...).
KIND_PREFIXES: dict[str, tuple[str, ...]] = {
    "login": ("auth.",),
    "2fa": ("2fa.",),
    "session": ("session.",),
    "denied": ("access.",),
    "job": ("job.", "import."),
}
KIND_CHOICES = [
    ("login", _("Logins and re-authentication")),
    ("2fa", _("Two-factor")),
    ("session", _("Sessions ended")),
    ("denied", _("Refused access")),
    ("job", _("Documents, jobs and imports")),
    ("change", _("Changes to records")),
]
PORTAL_APPS = (
    "auth",  # the user an account event is about
    "accounts",
    "audit",
    "awards",
    "blocs",
    "certificates",
    "evaluation",
    "imports",
    "jobs",
    "ops",
    "pledges",
    "summaries",
)
SEQ = re.compile(r"#(\d{1,18})")
ACTION = re.compile(r"[a-z0-9_]+\.[a-z0-9_]*")


def target_type_choices() -> list[tuple[str, str]]:
    """Every kind of record the portal audits, from the app registry (no query)."""
    choices = [
        (f"{model._meta.app_label}.{model._meta.model_name}", str(model._meta.verbose_name))
        for model in apps.get_models()
        if model._meta.app_label in PORTAL_APPS
    ]
    return sorted(choices, key=lambda choice: choice[1].casefold())


def audit_kind_filter(queryset: QuerySet[AuditEvent], *, kind: str) -> QuerySet[AuditEvent]:
    if kind == "change":
        prefixes = [prefix for group in KIND_PREFIXES.values() for prefix in group]
        return queryset.exclude(_starts(prefixes))
    if kind in KIND_PREFIXES:
        return queryset.filter(_starts(KIND_PREFIXES[kind]))
    return queryset


def _starts(prefixes: tuple[str, ...] | list[str]) -> Q:
    condition = Q()
    for prefix in prefixes:
        condition |= Q(action__startswith=prefix)
    return condition


def audit_date_filter(
    queryset: QuerySet[AuditEvent],
    *,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """Entries of the days ``since`` to ``until`` included, in the portal's time zone."""
    if since is not None:
        queryset = queryset.filter(at__gte=_midnight(since))
    if until is not None:
        queryset = queryset.filter(at__lt=_midnight(until + datetime.timedelta(days=1)))
    return queryset


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_search(queryset: QuerySet[AuditEvent], *, query: str) -> QuerySet[AuditEvent]:
    """The entries a search names: by number, address or action when the query is one of
    those (each read from its index), else every word beginning a word of the entry."""
    term = query.strip()
    if not term:
        return queryset
    if match := SEQ.fullmatch(term):
        return queryset.filter(seq=int(match.group(1)))
    if address := _address(term):
        return queryset.filter(ip=address)
    if ACTION.fullmatch(term):
        return queryset.filter(action__startswith=term)
    return search_filter(queryset, fields=SEARCH_FIELDS, query=term)


def _address(term: str) -> str | None:
    try:
        return str(ipaddress.ip_address(term))
    except ValueError:
        return None


@dataclass(frozen=True)
class AuditQuery:
    """What the admin's list and the export were asked for (the list's GET parameters)."""

    query: str = ""
    kind: str = ""
    target_type: str = ""
    action: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None

    def apply(self, queryset: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        queryset = audit_kind_filter(queryset, kind=self.kind)
        if self.target_type:
            queryset = queryset.filter(target_type=self.target_type)
        if self.action:
            queryset = queryset.filter(action=self.action)
        queryset = audit_date_filter(queryset, since=self.since, until=self.until)
        return audit_search(queryset, query=self.query)


def parse_day(value: str | None) -> datetime.date | None:
    """A day typed as YYYY-MM-DD (what a date input sends); None when empty or not a date."""
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


class AuditCount:
    """How many entries a list holds, without counting a million rows.

    The whole log: its entries are numbered without gaps (``audit_verify`` checks it), so the
    first and last numbers, read from the unique index, give the exact count. A filtered or
    searched list: counted up to ``cap``, beyond which it says "more than".
    """

    cap = 10_000

    def __init__(self, queryset: QuerySet[AuditEvent]) -> None:
        self.queryset = queryset

    @cached_property
    def value(self) -> int:
        if not self.queryset.query.where:
            ends = self.queryset.model.objects.aggregate(first=Min("seq"), last=Max("seq"))
            return ends["last"] - ends["first"] + 1 if ends["last"] else 0
        return self.queryset.order_by()[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.value > self.cap
