"""The proposal pages: nominate, see the eligibility, submit, review; scoping; query counts."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from webtest import Upload

from awards import proposals
from awards.models import AwardRule, AwardType, Proposal, ProposalStatus
from awards.rules import DOSSIER, awards_ensure
from tests.awards.conftest import noticed
from tests.conftest import YEAR, World
from tests.factories import ProposalFactory

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def nominate(world: World, actor: str = "commander", **overrides: object) -> object:
    awards_ensure(AwardType, AwardRule)
    data = {
        "award": AwardType.objects.get(code="don-vi-tien-tien").pk,
        "unit": world.member_unit.pk,
        "achievement": "Hoàn thành xuất sắc nhiệm vụ năm 2026",
        "no_discipline": "on",
        "members_total": 100,
        "members_with_title": 60,
        "documents": DOSSIER,
        **overrides,
    }
    return world.client(actor).post(
        reverse("awards:proposal_create", args=[world.bloc.pk, YEAR]), data
    )


def _attach(page: object, kind: str, content: bytes) -> object:
    attach_forms = [f for f in page.forms.values() if "kind" in f.fields and "file" in f.fields]
    form = next(f for f in attach_forms if f["kind"].value == kind)
    form["file"] = Upload(f"{kind}.pdf", content, "application/pdf")
    return form.submit().follow()


def test_nominate_submit_and_approve(world: World, django_app: object) -> None:
    response = nominate(world)
    proposal = Proposal.objects.get()
    assert response.url == reverse("awards:proposal_detail", args=[proposal.pk])
    page = django_app.get(response.url, user="commander")
    assert page.html.select_one("#eligibility") and "table-danger" not in page.text
    page = page.forms["submit-form"].submit().follow()  # refused: no documents
    assert page.html.select_one(".alert-danger")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT
    for kind in DOSSIER:
        page = _attach(page, kind, PDF)
    assert proposal.files.count() == len(DOSSIER)
    download = reverse("awards:proposal_document", args=[proposal.files.first().pk])
    assert world.client("reviewer").get(download).status_code == 200
    assert world.client("other_commander").get(download).status_code == 404
    page = page.forms["submit-form"].submit().follow()
    assert "Submitted" in page.text or "Đã nộp" in page.text
    review = django_app.get(response.url, user="reviewer").forms["review-form"]
    review.submit("decision", index=0).follow()  # refused: not yet public
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    noticed(proposal, world.users["secretariat"])
    review = django_app.get(response.url, user="reviewer").forms["review-form"]
    assert review.fields["decision"][0]._value == "approve"
    review.submit("decision", index=0).follow()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED


def test_an_empty_file_is_refused_with_a_translated_message(
    world: World, django_app: object
) -> None:
    page = django_app.get(nominate(world).url, user="commander")
    page = _attach(page, DOSSIER[0], b"")
    assert "Tệp rỗng (0 byte)" in page.text
    assert not Proposal.objects.get().files.exists()


def test_commander_cannot_nominate_for_another_unit(world: World) -> None:
    response = nominate(world, unit=world.leader_unit.pk)
    assert response.status_code == 400
    assert not Proposal.objects.exists()


def test_proposals_stay_in_their_scope(world: World) -> None:
    nominate(world)
    url = reverse("awards:proposal_detail", args=[Proposal.objects.get().pk])
    expected = {
        "commander": 200,
        "secretariat": 200,
        "reviewer": 200,
        "other_commander": 404,
        "other_reviewer": 404,
        "unscoped": 404,
    }
    for actor, status in expected.items():
        assert world.client(actor).get(url).status_code == status, actor


def test_return_without_a_reason_is_refused(world: World, django_app: object) -> None:
    nominate(world)
    proposal = Proposal.objects.get()
    for kind in DOSSIER:
        proposals.proposal_attach(
            user=world.users["commander"],
            proposal=proposal,
            kind=kind,
            upload=SimpleUploadedFile(f"{kind}.pdf", PDF),
        )
    url = reverse("awards:proposal_detail", args=[proposal.pk])
    django_app.get(url, user="commander").forms["submit-form"].submit()
    review = django_app.get(url, user="reviewer").forms["review-form"]
    page = review.submit("decision", index=1).follow()  # return, with no reason
    assert "reason" in page.text or "lý do" in page.text
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_queue_and_proposal_page_keep_constant_queries(world: World) -> None:
    awards_ensure(AwardType, AwardRule)
    award = AwardType.objects.get(code="don-vi-tien-tien")

    def grow(n: int) -> None:
        ProposalFactory.create_batch(
            n,
            award=award,
            bloc=world.bloc,
            year=YEAR,
            unit=world.member_unit,
            nominated_by=world.users["commander"],
            status=ProposalStatus.SUBMITTED,
        )

    client = world.client("reviewer")
    grow(3)
    detail = reverse("awards:proposal_detail", args=[Proposal.objects.first().pk])
    with CaptureQueriesContext(connection) as small_list:
        client.get(reverse("awards:proposal_list"))
    with CaptureQueriesContext(connection) as small_detail:
        client.get(detail)
    grow(40)
    with CaptureQueriesContext(connection) as large_list:
        client.get(reverse("awards:proposal_list"))
    with CaptureQueriesContext(connection) as large_detail:
        client.get(detail)
    assert len(large_list) == len(small_list)
    assert len(large_detail) == len(small_detail)


def test_the_eligibility_table_heads_its_rules_as_conditions(
    world: World, django_app: object
) -> None:
    """“Rule” there is an award's condition, not the ballot's voting rule (a shared msgid
    once made it “Quy định bỏ phiếu”)."""
    url = nominate(world).url
    page = django_app.get(url, user="commander")
    assert page.html.select_one("#eligibility th").get_text(strip=True) == "Điều kiện"
    assert "Quy định bỏ phiếu" not in page.text
    django_app.set_cookie("django_language", "en")
    page = django_app.get(url, user="commander")
    assert page.html.select_one("#eligibility th").get_text(strip=True) == "Rule"
