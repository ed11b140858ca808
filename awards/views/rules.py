"""The rules page: every award's conditions and quotas with their sources and dates in force;
an administrator changes one after seeing which pending proposals it would change."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from emulation_portal.lib.forms import add_service_errors

from .. import catalogue
from ..forms import AwardRuleForm
from ..models import AwardRule, AwardType


@require_safe
@login_required
def rule_list(request: HttpRequest) -> HttpResponse:
    """The catalogue: titles and forms of reward, each with its rules in force today and those
    that ended or are yet to come."""
    today = timezone.localdate()
    rules = AwardRule.objects.prefetch_related("required_awards").order_by("effective_from", "pk")
    awards = AwardType.objects.filter(active=True).prefetch_related(Prefetch("rules", rules))
    context = {
        "awards": [
            (
                award,
                [r for r in award.rules.all() if _current(r, today)],
                [r for r in award.rules.all() if not _current(r, today)],
            )
            for award in awards.order_by("category", "nominee_kind", "name")
        ],
        "may_change": catalogue.rule_can_change(user=request.user),
    }
    return render(request, "awards/rule_list.html", context)


def _current(rule: AwardRule, day: datetime.date) -> bool:
    return rule.effective_from <= day and (rule.effective_to is None or rule.effective_to >= day)


@require_http_methods(["GET", "POST"])
@login_required
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(AwardRule.objects.select_related("award"), pk=pk)
    return _rule_page(request, rule)


@require_http_methods(["GET", "POST"])
@login_required
def rule_create(request: HttpRequest, award_pk: int) -> HttpResponse:
    award = get_object_or_404(AwardType, pk=award_pk)
    return _rule_page(request, AwardRule(award=award, effective_from=timezone.localdate()))


def _rule_page(request: HttpRequest, rule: AwardRule) -> HttpResponse:
    """POST without ``confirm`` shows the pending proposals whose verdict would change; POST
    with ``confirm`` saves (the preview is computed again from what is posted)."""
    if not catalogue.rule_can_change(user=request.user):
        raise PermissionDenied
    form = AwardRuleForm(request.POST or None, instance=rule)
    impacts = None
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in catalogue.RULE_FIELDS}
        required = list(form.cleaned_data["required_awards"])
        try:
            if "confirm" in request.POST:
                catalogue.award_rule_save(
                    user=request.user, rule=rule, data=data, required=required
                )
                messages.success(
                    request,
                    _("The rule “%(rule)s” of %(award)s was saved.")
                    % {"rule": rule.get_kind_display(), "award": rule.award.name},
                )
                return redirect("awards:rules")
            impacts = catalogue.rule_impact(rule=rule, data=data, required=required)
        except ValidationError as error:
            add_service_errors(form, error)
    context = {"rule": rule, "form": form, "impacts": impacts}
    status = 400 if form.errors else 200
    return render(request, "awards/rule_form.html", context, status=status)
