"""The load benchmark does not rot: its generator makes a (tiny) data set of the shape it
promises, and every page of its list opens as its role, logged in with a real one-time code.

No timings here: ``bench/load/run.py`` measures; this only checks it can.
"""

from __future__ import annotations

import pytest

from audit.services import audit_verify
from awards.models import Proposal, ProposalStatus
from bench.load.data import SIZES, generate
from bench.load.pages import pages
from bench.load.queries import query_counts
from bench.load.targets import ANCHOR, PING
from blocs.models import Bloc, Membership, Person
from certificates.models import Certificate

TINY = SIZES["tiny"]


@pytest.fixture
def generated(db: None, settings: object) -> None:
    settings.ROOT_URLCONF = "bench.load.urls"
    generate(TINY, log=lambda line: None)


def test_the_generator_makes_the_data_set_it_promises(generated: None) -> None:
    assert Bloc.objects.count() == TINY.blocs
    assert Membership.objects.filter(year=2026).count() == TINY.blocs * TINY.units
    assert Person.objects.count() == TINY.blocs * TINY.units * TINY.people
    decided = Proposal.objects.filter(status=ProposalStatus.DECIDED)
    assert decided.count() == TINY.certificates == Certificate.objects.count()
    assert Proposal.objects.filter(year=2026).count() == TINY.proposals
    statuses = set(Proposal.objects.filter(year=2026).values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "returned", "approved", "rejected"}
    serials = list(Certificate.objects.order_by("serial").values_list("serial", flat=True))
    assert serials[0] == "KT2025-000001"
    assert list(audit_verify()) == []  # the bulk log is chained and sealed as the service does


def test_every_page_of_the_list_opens_as_its_role(generated: None) -> None:
    listed = pages()
    # Logs each role in (password, then a TOTP code) and fails on a page that is not a 200.
    counts = query_counts(warm=False)
    assert set(counts) == {f"{page.name}|{page.role}" for page in listed}
    assert {ANCHOR, PING} <= {page.name for page in listed}
    assert {page.role for page in listed} == {
        "all",
        "secretariat",
        "commander",
        "reviewer",
        "superior",
        "admin",
    }
