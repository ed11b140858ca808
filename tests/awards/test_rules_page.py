"""The rules page: everyone reads the rules with their sources; an administrator changes one
after seeing which pending proposals it would change, and the change is audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from awards.models import AwardRule, AwardType
from awards.rules import awards_ensure
from tests.conftest import World
from tests.forms import tick

from .test_proposals import nominate


@pytest.fixture(autouse=True)
def _catalogue(db: None) -> None:
    awards_ensure(AwardType, AwardRule)


def share_rule() -> AwardRule:
    return AwardRule.objects.get(
        award__code="don-vi-tien-tien", kind="members_with_title", effective_to=None
    )


def test_everyone_reads_the_rules_with_their_sources(world: World, django_app: Any) -> None:
    page = django_app.get(reverse("awards:rules"), user="commander")
    section = page.html.select_one("#award-don-vi-tien-tien").text
    assert "trên 1/2" in section and "152/2025/NĐ-CP" in section
    assert "Danh hiệu thi đua" in section
    # Nothing to change for them (the menu's link to this very page aside).
    assert not page.html.select("main a[href*='/awards/rules/']")
    django_app.get(
        reverse("awards:rule_edit", args=[share_rule().pk]), user="secretariat", status=403
    )


def test_a_change_shows_the_verdicts_it_changes_before_it_is_saved(
    world: World, django_app: Any
) -> None:
    half = nominate(world, "don-vi-tien-tien", members_total=10, members_with_title=5)
    rules = django_app.get(reverse("awards:rules"), user="admin")
    edit = rules.click(href=reverse("awards:rule_edit", args=[share_rule().pk]))
    form = edit.forms["main-form"]
    form["comparison"] = "at_least"
    preview = form.submit()
    [row] = preview.html.select("#impact tr.impact")
    proposal, now, after = (cell.select_one("a, .badge").text for cell in row.select("td"))
    assert (proposal, now, after) == (str(half), "không đủ điều kiện", "đủ điều kiện")
    assert share_rule().comparison == "more_than"  # nothing saved by the preview
    preview.forms["main-form"].submit("confirm").follow()
    assert share_rule().comparison == "at_least"
    change = AuditEvent.objects.filter(target_id=str(share_rule().pk)).latest("pk")
    assert change.data["comparison"] == ["more_than", "at_least"]


def test_bad_rules_are_refused_with_a_message(world: World, django_app: Any) -> None:
    form = django_app.get(reverse("awards:rule_edit", args=[share_rule().pk]), user="admin").forms[
        "main-form"
    ]
    form["denominator"] = "0"
    refused = form.submit(status=400)
    assert "mẫu số khác 0" in refused.text

    award = AwardType.objects.get(code="chien-si-thi-dua-co-so")
    form = django_app.get(reverse("awards:rule_create", args=[award.pk]), user="admin").forms[
        "main-form"
    ]
    form["kind"] = "same_year"
    form["legal_source"] = "Thử nghiệm"
    tick(form, "required_awards", award.pk)  # itself
    refused = form.submit(status=400)
    assert "không thể là điều kiện của chính nó" in refused.text
    assert not award.rules.filter(legal_source="Thử nghiệm").exists()
