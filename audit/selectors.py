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
from django.db import connections, transaction
from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from emulation_portal.lib.search import search_filter

from .models import AuditEvent

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
# An action begins with a letter: "30.40" is part of an address, searched as words.
ACTION = re.compile(r"[a-z][a-z0-9_]*\.[a-z0-9_]*")


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
    return search_filter(queryset, document="search_text", query=term)


def audit_search_reads_words(query: str) -> bool:
    """Whether ``audit_search`` answers ``query`` from the trigram index of the words."""
    term = query.strip()
    return bool(term) and not (SEQ.fullmatch(term) or _address(term) or ACTION.fullmatch(term))


def audit_word_matches(entries: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
    """A word search's entries by their numbers when there are at most ``AuditCount.cap``
    of them: the trigram index is read once, and counting and paging the list then read
    the numbers' index. With more matches, the search as it was (``audit_newest_of_many``
    reads its pages)."""
    numbers = list(entries.order_by().values_list("seq", flat=True)[: AuditCount.cap + 1])
    if len(numbers) > AuditCount.cap:
        many = entries.all()
        many.matches_many = True
        return many
    return entries.model.objects.filter(seq__in=numbers)


def audit_newest_of_many(entries: QuerySet[AuditEvent]) -> list[AuditEvent]:
    """A page of a word search known to match more than ``AuditCount.cap`` entries, read by
    walking back along the entries' numbers until the page is full.

    PostgreSQL estimates each word's share of the log and multiplies them, as if the words of
    "lữ đoàn 144" came independently: it then expects 31 matches where there are 43,000, and
    rechecks all of them from the trigram index before sorting (360 ms at a million entries).
    With that many matches, the newest fifty lie within the last few thousand entries.
    """
    connection = connections[entries.db]
    if connection.vendor != "postgresql":
        return list(entries)
    planner = ("enable_bitmapscan", "enable_seqscan")
    with transaction.atomic(using=entries.db), connection.cursor() as cursor:
        # Neither the trigram index's bitmap nor a scan of the whole table: the walk back.
        # Put back afterwards, for a caller's transaction (a test's) outlives this one.
        cursor.execute("SELECT current_setting(%s), current_setting(%s)", planner)
        before = cursor.fetchone()
        cursor.execute("SELECT set_config(%s, 'off', true), set_config(%s, 'off', true)", planner)
        try:
            return list(entries)
        finally:
            cursor.execute(
                "SELECT set_config(%s, %s, true), set_config(%s, %s, true)",
                [planner[0], before[0], planner[1], before[1]],
            )


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

    # Twenty pages of 50: past them an auditor narrows the search or the dates. Counting a
    # common word's 10,000 matches cost more than finding the page's 50.
    cap = 1_000

    def __init__(self, queryset: QuerySet[AuditEvent]) -> None:
        self.queryset = queryset

    @cached_property
    def value(self) -> int:
        if getattr(self.queryset, "matches_many", False):
            return self.cap + 1
        if not self.queryset.query.where:
            ends = self.queryset.model.objects.aggregate(first=Min("seq"), last=Max("seq"))
            return ends["last"] - ends["first"] + 1 if ends["last"] else 0
        return self.queryset.order_by()[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.value > self.cap
