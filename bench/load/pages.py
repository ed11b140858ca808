"""The pages the load benchmark requests, as each role: the main pages each role works with
(those its menus lead to, and the detail pages behind them), plus the anchor and the ping.

Every object a page is about is the first bloc's: its secretariat, the commander of its
second unit, the command's reviewer and superior see the same bloc (``bench.load.data``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db.models import Count
from django.urls import reverse

from awards.models import AwardDecision, Proposal
from bench.load.data import YEAR
from bench.load.targets import ANCHOR, PING
from blocs.models import Bloc, Membership


@dataclass(frozen=True)
class Page:
    name: str
    role: str
    path: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def _objects() -> dict[str, int]:
    """The first bloc, its leader and second unit, a proposal of the year and the largest
    decision granted to that unit."""
    bloc = Bloc.objects.order_by("pk").first()
    units = list(
        Membership.objects.filter(bloc=bloc, year=YEAR)
        .order_by("unit_id")
        .values_list("unit_id", flat=True)
    )
    member = units[1]
    proposal = Proposal.objects.filter(unit_id=member, year=YEAR).order_by("pk").first()
    decision = (
        AwardDecision.objects.filter(recipients__unit_id=member)
        .annotate(size=Count("recipients"))
        .order_by("-size", "-date", "pk")
        .first()
    )
    return {
        "bloc": bloc.pk,
        "leader": units[0],
        "member": member,
        "proposal": proposal.pk,
        "decision": decision.pk,
    }


def pages() -> list[Page]:
    """Every (page, role) of the benchmark, the anchor and the ping first."""
    o = _objects()
    everyone = ("secretariat", "commander", "reviewer", "superior", "admin")
    common = [
        ("home", reverse("dashboard")),
        ("proposals", reverse("awards:proposal_list")),
        ("proposal", reverse("awards:proposal_detail", args=[o["proposal"]])),
        ("certificates", reverse("certificates:decisions")),
        ("certificate decision", reverse("certificates:decision", args=[o["decision"]])),
    ]
    own = {
        "secretariat": [
            ("bloc", reverse("blocs:bloc_detail", args=[o["bloc"]])),
            ("units", reverse("blocs:unit_list")),
            ("people", reverse("blocs:person_list")),
            ("campaigns", reverse("blocs:campaign_list")),
            ("award history", reverse("awards:unit_history", args=[o["member"]])),
        ],
        "commander": [
            ("unit", reverse("blocs:unit_detail", args=[o["member"]])),
            ("people", reverse("blocs:person_list")),
            ("award history", reverse("awards:unit_history", args=[o["member"]])),
        ],
        "reviewer": [
            ("blocs", reverse("blocs:bloc_list")),
            ("record a decision", reverse("awards:decision_create")),
        ],
        "superior": [
            ("blocs", reverse("blocs:bloc_list")),
            ("bloc", reverse("blocs:bloc_detail", args=[o["bloc"]])),
        ],
        "admin": [
            ("blocs", reverse("blocs:bloc_list")),
            ("audit log", reverse("admin:audit_auditevent_changelist")),
        ],
    }
    listed = [
        Page(ANCHOR, "all", reverse("bench_anchor")),
        Page(PING, "all", reverse("bench_ping")),
    ]
    for role in everyone:
        listed += [Page(name, role, path) for name, path in common + own[role]]
    return listed
