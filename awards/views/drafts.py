"""Word drafts of the bloc's dossier (covering letter, list of nominees, draft decision),
downloaded beside the PDF dossier by whoever may print it."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from blocs.selectors import bloc_get_for_user
from emulation_portal.lib import word
from emulation_portal.lib.downloads import attachment

from .. import drafts, proposals


def _download(
    request: HttpRequest,
    bloc_pk: int,
    year: int,
    *,
    write: Callable[[drafts.Dossier], bytes],
    name: str,
) -> HttpResponse:
    bloc = bloc_get_for_user(user=request.user, pk=bloc_pk)
    if not proposals.dossier_can_print(user=request.user, bloc=bloc, year=year):
        raise PermissionDenied
    dossier = drafts.dossier_read(bloc=bloc, year=year)
    if not dossier.proposals:
        messages.error(request, _("No submitted proposal to put in the dossier."))
        return redirect("awards:notice_detail", bloc.pk, year)
    filename = f"{name % {'bloc': bloc.name, 'year': year}}.docx"
    return attachment(write(dossier), filename=filename, content_type=word.CONTENT_TYPE)


@require_safe
@login_required
def letter_docx(request: HttpRequest, bloc_pk: int, year: int) -> HttpResponse:
    """The covering letter (tờ trình) as a Word draft."""
    name = _("Covering letter %(bloc)s %(year)s")
    return _download(request, bloc_pk, year, write=drafts.letter_docx, name=name)


@require_safe
@login_required
def nominees_docx(request: HttpRequest, bloc_pk: int, year: int) -> HttpResponse:
    """The list of nominees (danh sách) as a Word draft."""
    name = _("List of nominees %(bloc)s %(year)s")
    return _download(request, bloc_pk, year, write=drafts.nominees_docx, name=name)


@require_safe
@login_required
def decision_docx(request: HttpRequest, bloc_pk: int, year: int) -> HttpResponse:
    """A draft decision with its attached list, as a Word draft."""
    name = _("Draft decision %(bloc)s %(year)s")
    return _download(request, bloc_pk, year, write=drafts.decision_docx, name=name)
