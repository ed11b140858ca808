"""The navigation bar: the pages grouped by what each role does, and only those it may use
(the user's own menu, with the Django admin for staff, is in the template).

Like the URL configuration, this module joins the apps together: each item is shown on the
permission function the app itself checks (``decision_can_record``, ``printer_can_manage``…),
so the menu never offers a page that answers 403.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from archive.selectors import archive_can_search
from archive.statistics import statistics_can_read
from awards.proposals import decision_can_record
from blocs.models import RoleKind
from blocs.scope import Scope, scope_for
from certificates.services import printer_can_manage, template_can_edit


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    active: bool = False


@dataclass(frozen=True)
class Menu:
    """One top-level entry: a dropdown of its links, or a plain link when it has one."""

    key: str
    label: str
    links: tuple[Link, ...]

    @property
    def active(self) -> bool:
        return any(link.active for link in self.links)


def navigation(request: HttpRequest) -> dict[str, Callable[[], list[Menu]]]:
    """Context processor: the menus of the signed-in user (``navigation`` in templates).

    Built when a template first shows them (templates call a callable), so a page without
    the navigation bar, the Django admin's, pays nothing for the user's scope."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "navigation": functools.cache(functools.partial(menus_for, user=user, path=request.path))
    }


def menus_for(*, user: AbstractBaseUser, path: str) -> list[Menu]:
    """The user's menus, the link of the page at ``path`` (its longest prefix) marked active."""
    scope = scope_for(user)
    if not (scope.kinds or user.is_staff):
        return []  # no role yet: the dashboard says whom to ask
    menus = [
        Menu("organisation", _organisation_label(scope), _organisation(scope)),
        Menu("pledges", pgettext("menu", "Pledges"), _pledges(scope)),
        Menu("evaluation", pgettext("menu", "Evaluation"), _evaluation()),
        Menu("awards", pgettext("menu", "Awards"), _awards(user)),
        Menu("documents", _("Documents"), _documents(scope)),
        Menu("archive", pgettext("menu", "Archive"), _archive(user)),
    ]
    current = max(
        (link.url for menu in menus for link in menu.links if path.startswith(link.url)),
        key=len,
        default=None,
    )
    return [
        replace(menu, links=tuple(replace(link, active=link.url == current) for link in menu.links))
        for menu in menus
        if menu.links
    ]


def _link(label: str, name: str, *args: object) -> Link:
    return Link(label=label, url=reverse(name, args=args))


def _organisation_label(scope: Scope) -> str:
    if scope.manages_any_bloc:
        return pgettext("menu", "Year set-up")
    if scope.primary_role == RoleKind.COMMANDER:
        return pgettext("menu", "Unit and bloc")
    return pgettext("menu", "Blocs and units")


def _organisation(scope: Scope) -> tuple[Link, ...]:
    """The blocs, the year's campaigns, the units and their people; a commander's own unit
    first (its page leads to the unit's award history)."""
    blocs = (_link(_("Blocs"), "blocs:bloc_list"), _link(_("Campaigns"), "blocs:campaign_list"))
    people = _link(_("People"), "blocs:person_list")
    if scope.primary_role != RoleKind.COMMANDER:
        return (*blocs, _link(_("Units"), "blocs:unit_list"), people)
    if len(scope.commanded_unit_ids) == 1:
        (unit_id,) = scope.commanded_unit_ids
        own = _link(pgettext("menu", "My unit"), "blocs:unit_detail", unit_id)
    else:
        own = _link(_("Units"), "blocs:unit_list")
    return (own, people, *blocs)


def _pledges(scope: Scope) -> tuple[Link, ...]:
    pledges = _link(_("Emulation pledges"), "pledges:list")
    if not scope.commanded_unit_ids:
        return (pledges,)
    # A commander lets a deputy sign for the unit.
    return (pledges, _link(_("Signing delegations"), "pledges:delegations"))


def _evaluation() -> tuple[Link, ...]:
    return (
        _link(_("Scoring"), "evaluation:score_tables"),
        _link(_("Ballots"), "evaluation:ballot_list"),
    )


def _awards(user: AbstractBaseUser) -> tuple[Link, ...]:
    links = [_link(_("Proposals"), "awards:proposal_list")]
    if decision_can_record(user=user):
        links.append(_link(_("Record a decision"), "awards:decision_create"))
    links += [
        _link(_("Award rules"), "awards:rules"),
        _link(_("Exemplary models"), "awards:exemplary"),
        _link(_("Certificates"), "certificates:decisions"),
    ]
    if printer_can_manage(user=user):
        links.append(_link(_("Printers for pre-printed blanks"), "certificates:printers"))
    if template_can_edit(user=user):
        links.append(_link(_("Certificate templates"), "certificates:templates"))
    return tuple(links)


def _documents(scope: Scope) -> tuple[Link, ...]:
    """The documents the user had printed: only the roles that print (the secretariat, the
    command's reviewers, administrators) have any to list."""
    prints = scope.is_admin or scope.secretariat_bloc_ids or scope.review_command_ids
    return (_link(_("Documents"), "blocs:job_list"),) if prints else ()


def _archive(user: AbstractBaseUser) -> tuple[Link, ...]:
    """The search across years for every role with a scope; the statistics for the command,
    the secretariat and administrators."""
    links = []
    if archive_can_search(user=user):
        links.append(_link(_("Search the archive"), "archive:search"))
    if statistics_can_read(user=user):
        links.append(_link(_("Statistics"), "archive:statistics"))
    return tuple(links)
