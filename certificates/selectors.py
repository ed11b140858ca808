"""What each user may see of decisions, certificates and printers."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, F, Q, QuerySet

from audit.access import get_scoped_or_404
from awards.models import AwardDecision, Proposal
from awards.proposals import proposal_list_for_user
from blocs.models import Bloc
from blocs.scope import scope_for
from blocs.selectors import job_list_for_user
from jobs.models import Job

from .models import PrinterProfile
from .services import BATCH


def decision_list_for_user(*, user: AbstractBaseUser) -> QuerySet[AwardDecision]:
    """Decisions granting an award the user may see."""
    visible = proposal_list_for_user(user=user).filter(decision__isnull=False)
    return (
        AwardDecision.objects.filter(pk__in=visible.values("decision_id"))
        .annotate(recipient_count=Count("recipients", distinct=True))
        .order_by("-date", "-pk")
    )


def decision_get_for_user(*, user: AbstractBaseUser, pk: int) -> AwardDecision:
    return get_scoped_or_404(decision_list_for_user(user=user), pk=pk, user=user)


def decision_blocs_for_user(*, user: AbstractBaseUser, decision: AwardDecision) -> list[Bloc]:
    """The blocs of the decision's recipients that the user sees."""
    visible = proposal_list_for_user(user=user).filter(decision=decision)
    return list(Bloc.objects.filter(pk__in=visible.values("bloc_id")).order_by("name"))


def decision_recipients(*, decision: AwardDecision, blocs: list[Bloc]) -> QuerySet[Proposal]:
    """The decision's recipients in ``blocs`` (those the user sees) with their certificate's
    ``serial`` and ``certificate_pk`` (None before it is issued), bloc by bloc, each in the
    decision's order."""
    return (
        decision.recipients.filter(bloc_id__in=[bloc.pk for bloc in blocs])
        .select_related("award", "unit", "person", "bloc")
        .annotate(serial=F("certificate__serial"), certificate_pk=F("certificate__pk"))
        .order_by("bloc__name", "bloc_id", F("decision_order").asc(nulls_last=True), "pk")
    )


def printers_by_bloc(*, blocs: list[Bloc]) -> dict[int, list[PrinterProfile]]:
    """The printers of each bloc, in one query."""
    found: dict[int, list[PrinterProfile]] = {bloc.pk: [] for bloc in blocs}
    for printer in PrinterProfile.objects.filter(bloc_id__in=list(found)).order_by("name"):
        found[printer.bloc_id].append(printer)
    return found


def decision_jobs_for_user(*, user: AbstractBaseUser, decision: AwardDecision) -> QuerySet[Job]:
    return job_list_for_user(user=user).filter(kind=BATCH, params__decision=decision.pk)[:10]


def printer_list_for_user(*, user: AbstractBaseUser) -> QuerySet[PrinterProfile]:
    scope = scope_for(user)
    printers = PrinterProfile.objects.select_related("bloc")
    if scope.is_admin:
        return printers
    return printers.filter(Q(bloc_id__in=scope.writable_years.keys()))


def printer_get_for_user(*, user: AbstractBaseUser, pk: int) -> PrinterProfile:
    return get_scoped_or_404(printer_list_for_user(user=user), pk=pk, user=user)
