"""Every page offers an action only to those the service lets act, crawled like the access
crawler does (tests/test_access_crawler.py), but as the users of the sampled bloc itself."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from awards.models import Proposal, ProposalStatus, PublicNotice
from blocs.models import RoleKind
from evaluation.models import Ballot, BallotStatus, ScoreSheet, SheetStatus
from tests.conftest import World
from tests.factories import RoleFactory, UserFactory
from tests.test_access_crawler import DJANGO_VIEWS, SKIPPED, _patterns, _samples, _url

POST_FORM = re.compile(r"<form\b[^>]*\bmethod=\"post\"[^>]*>", re.IGNORECASE)
LINK = re.compile(r'<a\b[^>]*\bhref="(/[^"#?]*)')
# The forms every signed-in page carries: the language switch and logging out.
EVERYWHERE = ("/i18n/setlang/", "/accounts/logout/")
# The user's own account (password, authenticator, sessions) is theirs to change, whatever
# their role over the blocs.
OWN_ACCOUNT = ("accounts:", "login")


def _bloc_users(world: World) -> dict[str, object]:
    """The users of the sampled bloc (the crawler's samples belong to the other command)."""
    superior = UserFactory(username="superior_of_the_samples")
    RoleFactory(user=superior, kind=RoleKind.SUPERIOR, command=world.other_command)
    return {
        "secretariat": world.users["other_secretariat"],
        "commander": world.users["other_commander"],
        "reviewer": world.users["other_reviewer"],
        "superior": superior,
    }


def _pages(client: Client, samples: dict[str, object]) -> Iterator[tuple[str, str]]:
    """(name, HTML) of every page the client may open."""
    for name, route, params in _patterns(get_resolver()):
        url = _url(name, route, params, samples)
        if not url or name in SKIPPED or name.startswith(DJANGO_VIEWS):
            continue
        response = client.get(url)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            yield name, response.content.decode()


def _later_in_the_year(samples: dict[str, object]) -> None:
    """The states in which more actions appear: a counted ballot, a nominee on public notice
    and then decided, a submitted self-score."""
    Ballot.objects.filter(pk=samples["ballot"]).update(status=BallotStatus.CLOSED)
    proposal = Proposal.objects.get(pk=samples["awards_proposal"])
    PublicNotice.objects.get(bloc=proposal.bloc).proposals.add(proposal)
    Proposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.DECIDED)
    ScoreSheet.objects.update(status=SheetStatus.SUBMITTED)


def test_the_superior_command_is_offered_no_form_on_any_page(world: World) -> None:
    samples = _samples(world)
    client = Client()
    client.force_login(_bloc_users(world)["superior"])
    forms = []
    for stage in ("early", "late"):
        if stage == "late":
            _later_in_the_year(samples)
        for name, html in _pages(client, samples):
            if name.startswith(OWN_ACCOUNT):
                continue
            forms += [
                f"{stage} {name}: {form}"
                for form in POST_FORM.findall(html)
                if not any(f'action="{action}"' in form for action in EVERYWHERE)
            ]
    assert not forms, "\n".join(forms)


@pytest.mark.parametrize("actor", ["secretariat", "commander", "reviewer", "superior"])
def test_no_page_links_to_a_page_that_refuses_the_user(world: World, actor: str) -> None:
    """A link is an offer: following any link of any page never ends in 403."""
    samples = _samples(world)
    _later_in_the_year(samples)
    client = Client()
    client.force_login(_bloc_users(world)[actor])
    links: dict[str, str] = {}
    for name, html in _pages(client, samples):
        for href in LINK.findall(html):
            links.setdefault(href, name)
    refused = [
        f"{name} links to {href}"
        for href, name in sorted(links.items())
        if not href.startswith(("/static/", "/admin/", "/accounts/logout/"))
        and client.get(href).status_code == 403
    ]
    assert not refused, "\n".join(refused)


def test_a_commander_is_not_offered_to_record_a_decision_and_cannot_open_its_form(
    world: World,
) -> None:
    client = world.client("commander")
    page = client.get(reverse("awards:proposal_list")).content.decode()
    assert reverse("awards:decision_create") not in page
    assert client.get(reverse("awards:decision_create")).status_code == 403
    assert client.post(reverse("awards:decision_create")).status_code == 403


def test_a_reviewer_is_offered_to_record_a_decision(world: World) -> None:
    page = world.client("reviewer").get(reverse("awards:proposal_list")).content.decode()
    assert f'href="{reverse("awards:decision_create")}"' in page
