"""Text people type: every field has a sensible maximum, and names refuse characters that
change how they display (bidi overrides, zero-width spaces)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from audit.models import AuditEvent
from awards import proposals
from awards.models import AwardRule, AwardType
from awards.rules import awards_ensure
from blocs.models import Unit
from emulation_portal.lib.text import free_text, invisible_characters
from tests.conftest import YEAR, World

OUR_APPS = ("blocs", "pledges", "evaluation", "awards", "certificates", "summaries")
# Written by the portal itself, never typed: job bookkeeping, digests, hashes and serials;
# uploaded files' names (refused by upload_check when they hold such characters), the
# extension and type found from the content, the required document chosen from a list.
WRITTEN_BY_THE_PORTAL = {
    "blocs.Job.kind",
    "blocs.Job.language",
    "blocs.Job.progress_note",
    "blocs.Job.error",
    "blocs.Job.filename",
    "blocs.DocumentCounter.series",
    "pledges.Signature.digest",
    "evaluation.CountedBallot.receipt_hash",
    "certificates.Certificate.serial",
    *(
        f"{upload}.{field}"
        for upload in ("pledges.Evidence", "evaluation.ScoreEvidence", "awards.ProposalDocument")
        for field in ("name", "extension", "content_type")
    ),
    "awards.ProposalDocument.kind",
}
# "Lữ đoàn 144" with a right-to-left override: displays as "Lữ đoàn 441".
SPOOFED = "Lữ đoàn \u202e441\u202c"


def _typed_fields() -> list[models.Field]:
    fields = []
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        for field in model._meta.concrete_fields:
            typed = isinstance(field, models.CharField | models.TextField) and field.editable
            typed = typed and not field.choices and not isinstance(field, models.SlugField)
            if typed and str(field) not in WRITTEN_BY_THE_PORTAL:
                fields.append(field)
    return fields


@pytest.mark.parametrize("field", _typed_fields(), ids=str)
def test_every_text_field_people_type_has_a_maximum_and_refuses_invisible_characters(
    field: models.Field,
) -> None:
    assert field.max_length, f"{field} has no maximum length"
    with pytest.raises(Exception, match="U\\+202E"):
        field.run_validators("Lữ đoàn \u202e144")


def test_invisible_characters_are_named() -> None:
    assert invisible_characters(SPOOFED) == ["U+202C", "U+202E"]
    assert invisible_characters("Nguyễn\u200bVăn") == ["U+200B"]
    assert invisible_characters("dòng 1\ndòng 2", multi_line=True) == []
    assert invisible_characters("dòng 1\ndòng 2") == ["U+000A"]


def test_a_unit_name_with_a_direction_override_is_refused_with_a_message(
    world: World, django_app: object
) -> None:
    page = django_app.get(reverse("blocs:unit_update", args=[world.member_unit.pk]), user="admin")
    form = page.forms["main-form"]
    form["name"] = SPOOFED
    response = form.submit(status=400)
    assert "U+202E" in response.text
    world.member_unit.refresh_from_db()
    assert world.member_unit.name != SPOOFED
    assert not Unit.objects.filter(name__contains="\u202e").exists()


def test_a_megabyte_in_a_text_box_is_refused_and_kept_out_of_the_audit_log(
    world: World, django_app: object
) -> None:
    awards_ensure(AwardType, AwardRule)
    page = django_app.get(
        reverse("awards:proposal_create", args=[world.bloc.pk, YEAR]), user="commander"
    )
    form = page.forms["main-form"]
    form["award"].force_value(form["award"].options[-1][0])
    form["unit"] = str(world.member_unit.pk)
    form["achievement"] = "Hoan thanh xuat sac nhiem vu. " * 35_000  # about 1 MB
    response = form.submit(status=400)
    assert "8000" in response.text.replace(".", "").replace(",", "")
    assert not AuditEvent.objects.filter(action="proposal.create").exists()


def test_a_service_refuses_a_reason_too_long_whoever_calls_it(world: World) -> None:
    with pytest.raises(Exception, match="2000"):
        free_text("x" * 2001)
    from tests.certificates.conftest import approved
    from tests.factories import PersonFactory

    proposal = approved(world, person=PersonFactory(unit=world.member_unit))
    with pytest.raises(Exception, match="2000"):
        proposals.proposal_review(
            user=world.users["reviewer"], proposal=proposal, decision="reject", reason="x" * 10**6
        )
    assert not any(len(str(e.data)) > 10_000 for e in AuditEvent.objects.all())
