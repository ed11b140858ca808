"""Every URL of the project, for every role and anonymous, against another bloc's objects.

The URL patterns are read from the resolver, so a new page is covered as soon as it exists:
if it takes a parameter this file does not know, the test fails and asks for a sample.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterator

import openpyxl
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from awards import history
from awards.models import AwardRule, AwardType, FeedbackKind, ProposalStatus
from awards.rules import awards_ensure
from imports.models import ImportBatch
from tests.conftest import YEAR, World
from tests.factories import (
    AwardDecisionFactory,
    BallotFactory,
    CampaignFactory,
    CertificateFactory,
    CriteriaTableFactory,
    CriterionFactory,
    EvidenceFactory,
    JobFactory,
    NoticeFeedbackFactory,
    PersonFactory,
    PledgeFactory,
    PledgeSectionFactory,
    PrinterProfileFactory,
    ProgressReportFactory,
    ProposalDocumentFactory,
    ProposalFactory,
    PublicNoticeFactory,
    ScoreEvidenceFactory,
    ScoreLineFactory,
    ScoreSheetFactory,
    SigningDelegationFactory,
    TargetFactory,
)
from tests.sheets import XLSX

ACTORS = ["secretariat", "commander", "reviewer", "superior", "unscoped", "anonymous"]
# Logging out would turn the rest of the crawl into an anonymous one.
SKIPPED = {"logout", "admin:logout"}
SECRETS = [
    "Khối bí mật",
    "Đơn vị bí mật",
    "Phong trào bí mật",
    "Trần Bí Mật",
    "Giao ước bí mật",
    "Mục tiêu bí mật",
    "Cam kết bí mật",
    "Báo cáo bí mật",
    "Minh chứng bí mật",
    "Câu hỏi bí mật",
    "Tiêu chí bí mật",
    "Giải trình bí mật",
    "Thành tích bí mật",
    "Tờ trình bí mật",
    "Quyết định bí mật",
    "Máy in bí mật",
    "Khiếu nại bí mật",
    "Nhập bí mật",
]
# Pages that read their query: asked for the other bloc's secrets by name.
QUERIES = {
    "archive:search": "?q=b%C3%AD+m%E1%BA%ADt",  # "bí mật"
    "archive:statistics": "?bloc={bloc}",
    "archive:statistics_export": "?bloc={bloc}",
}
# Public on purpose to whoever holds the unguessable link printed on the document.
PUBLIC_BY_LINK = {"pledges:verify_public", "certificate_verify"}


def _patterns(
    resolver: URLResolver, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, list[str]]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (
                f"{namespace}{entry.name}",
                prefix + str(entry.pattern),
                list(entry.pattern.converters),
            )


def _samples(world: World) -> dict[str, object]:
    """Objects of the other bloc and unit, named so any leak is easy to spot."""
    world.other_bloc.name = "Khối bí mật"
    world.other_bloc.save(update_fields=["name"])
    world.other_unit.name = "Đơn vị bí mật"
    world.other_unit.save(update_fields=["name"])
    campaign = CampaignFactory(bloc=world.other_bloc, name="Phong trào bí mật")
    person = PersonFactory(unit=world.other_unit, full_name="Trần Bí Mật")
    pledge = PledgeFactory(campaign=campaign, title="Giao ước bí mật")
    target = TargetFactory(pledge=pledge, unit=world.other_unit, goal="Mục tiêu bí mật")
    section = PledgeSectionFactory(pledge=pledge, title="Cam kết bí mật")
    report = ProgressReportFactory(
        target=target, narrative="Báo cáo bí mật", reported_by=world.users["other_commander"]
    )
    evidence = EvidenceFactory(
        report=report,
        name="Minh chứng bí mật.pdf",
        file__data="%PDF Minh chứng bí mật".encode(),
    )
    ballot = BallotFactory(bloc=world.other_bloc, year=YEAR, question="Câu hỏi bí mật")
    table = CriteriaTableFactory(bloc=world.other_bloc, year=YEAR)
    awards_ensure(AwardType, AwardRule)
    decision = AwardDecisionFactory(
        number="Quyết định bí mật", recorded_by=world.users["other_reviewer"]
    )
    proposal = ProposalFactory(
        award=AwardType.objects.get(code="don-vi-tien-tien"),
        bloc=world.other_bloc,
        year=YEAR,
        unit=world.other_unit,
        nominated_by=world.users["other_commander"],
        achievement="Thành tích bí mật",
        status=ProposalStatus.DECIDED,
        decision=decision,
        decision_order=1,
    )
    document = ProposalDocumentFactory(
        proposal=proposal,
        kind="Tờ trình",
        name="Tờ trình bí mật.pdf",
        file__data="%PDF Tờ trình bí mật".encode(),
    )
    notice = PublicNoticeFactory(
        bloc=world.other_bloc,
        year=YEAR,
        opened_by=world.users["other_secretariat"],
        starts_on=campaign.start_date,
        ends_on=campaign.end_date,
    )
    feedback = NoticeFeedbackFactory(
        notice=notice,
        proposal=proposal,
        kind=FeedbackKind.COMPLAINT,
        text="Khiếu nại bí mật",
        author=world.users["other_commander"],
    )
    certificate = CertificateFactory(
        proposal=proposal,
        serial="KT2026-999999",
        code="bi-mat",
        lines={"recipient": "Đơn vị bí mật"},
        issued_by=world.users["other_reviewer"],
    )
    printer = PrinterProfileFactory(bloc=world.other_bloc, name="Máy in bí mật")
    criterion = CriterionFactory(table=table, name="Tiêu chí bí mật")
    score_line = ScoreLineFactory(
        sheet=ScoreSheetFactory(table=table, unit=world.other_unit), criterion=criterion
    )
    score_evidence = ScoreEvidenceFactory(
        line=score_line,
        name="Giải trình bí mật.pdf",
        file__data="%PDF Giải trình bí mật".encode(),
    )
    delegation = SigningDelegationFactory(
        unit=world.other_unit,
        delegate=world.users["other_secretariat"],
        granted_by=world.users["other_commander"],
    )
    job = JobFactory(bloc_id=world.other_bloc.pk, requested_by=world.users["other_secretariat"])
    batch = ImportBatch(
        kind="award_history",
        bloc_id=world.other_bloc.pk,
        year=YEAR,
        sha256="0" * 64,
        uploaded_by=world.users["other_secretariat"],
        uploaded_at=timezone.now(),
        name="Nhập bí mật.xlsx",
        extension=".xlsx",
        content_type=XLSX,
        size=4,
        rows_new=1,
        preview={"sample": [{"row": 2, "status": "new", "cells": ["Nhập bí mật"], "problems": []}]},
    )
    batch.file.save("x", ContentFile(b"PK Nh\xe1\xba\xadp"), save=False)
    batch.save()
    record = history.award_record_add(
        user=world.users["other_secretariat"],
        award=AwardType.objects.get(code="chien-si-tien-tien"),
        year=YEAR - 1,
        unit=world.other_unit,
        person=person,
        decision_number="9/QĐ-BM",
        decision_date=datetime.date(YEAR - 1, 12, 1),
        authority="Đơn vị bí mật",
    )
    return {
        "bloc": world.other_bloc.pk,
        "import": batch.pk,  # blocs:import_preview and import_apply take an uploaded file
        "import_kind": "award_history",
        "export_kind": "people",  # blocs:bloc_export: a bloc's year as one kind's file
        "unit": world.other_unit.pk,
        "campaign": campaign.pk,
        "person": person.pk,
        "person_pk": person.pk,
        "awards_record": record.pk,
        "awards_rule": AwardRule.objects.first().pk,
        "membership": world.other_unit.memberships.get(year=YEAR).pk,
        "job": job.pk,
        "roster": world.other_bloc.pk,  # blocs:roster_request prints a bloc's roster
        "pledges": pledge.pk,  # pk in the pledges namespace is the pledge
        "campaign_pk": campaign.pk,
        "target_pk": target.pk,
        "section_pk": section.pk,
        "unit_pk": world.other_unit.pk,
        "public_id": pledge.public_id,
        "evidence_pk": evidence.pk,
        "kind": "mid_year",
        "delegation_pk": delegation.pk,
        "ballot": ballot.pk,  # pk in the evaluation namespace: the ballot, or the score table
        "awards_table": table.pk,
        "awards_proposal": proposal.pk,
        "document_pk": document.pk,
        "feedback_pk": feedback.pk,
        "awards_decision": decision.pk,
        "certificates_decision": decision.pk,
        "certificates_certificate": certificate.pk,
        "certificates_printer": printer.pk,
        "award_pk": proposal.award_id,
        "code": certificate.code,
        "version": 1,
        "score_evidence_pk": score_evidence.pk,
        "bloc_pk": world.other_bloc.pk,
        "unit_type": ContentType.objects.get_for_model(world.other_unit).pk,
    }


def _url(name: str, route: str, params: list[str], samples: dict[str, object]) -> str:
    if name.startswith("admin:"):
        values = {
            "object_id": samples["unit"],
            "pk": samples["unit"],
            "app_label": "blocs",
            "model_name": "unit",
            "content_type_id": samples["unit_type"],
            "uidb64": "MQ",
            "token": "x",
            "id": 1,
        }
    else:
        values_extra: dict[str, object] = {}
        namespace, _, short = name.rpartition(":")
        entity = namespace if namespace in samples else short.split("_")[0]
        if namespace == "evaluation":
            entity = "ballot" if short.startswith("ballot") else "awards_table"
        if namespace == "awards":
            entity = "awards_decision" if short.startswith("decision") else "awards_proposal"
            if short == "award_record_revoke":
                entity = "awards_record"
            if short == "rule_edit":
                entity = "awards_rule"
        if namespace == "certificates":
            entity = {
                "print": "certificates_certificate",
                "printer_edit": "certificates_printer",
                "calibration": "certificates_printer",
            }.get(short, "certificates_decision")
        if name == "evaluation:score_evidence":
            values_extra = {"evidence_pk": samples["score_evidence_pk"]}
        values = {**samples, "pk": samples.get(entity), "year": YEAR, **values_extra}
    url = "/" + route + QUERIES.get(name, "").format(bloc=samples["bloc"])
    for param in params:
        value = values.get(param)
        if value is None:
            pytest.fail(f"{name}: add a sample for the parameter {param!r} to this crawler")
        url = re.sub(rf"<(?:\w+:)?{param}>", str(value), url)
    return url if "(" not in url and "^" not in url else ""


def _readable(response: object, body: bytes) -> str:
    """The text a response shows; a workbook is a zip, so its cells are read (an export of
    another bloc's rows would otherwise pass unseen)."""
    if response.get("Content-Type", "").startswith(XLSX):
        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        cells = [
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        ]
        return "\n".join([*book.sheetnames, *cells])
    return body.decode(errors="replace")


@pytest.mark.parametrize("actor", ACTORS)
def test_no_url_shows_another_scope(world: World, actor: str) -> None:
    samples = _samples(world)
    client = world.client(actor)
    checked = 0
    for name, route, params in _patterns(get_resolver()):
        url = _url(name, route, params, samples)
        if not url or name in SKIPPED or name in PUBLIC_BY_LINK:
            continue  # regex routes of the admin (catch-all, media)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            checked += 1
            status = response.status_code
            if status in (403, 404, 405) or (
                status == 302 and "login" in response.get("Location", "")
            ):
                continue
            body = b"".join(response.streaming_content) if response.streaming else response.content
            text = _readable(response, body)
            leaked = [secret for secret in SECRETS if secret in text]
            assert not leaked, f"{actor} {method.upper()} {url} ({name}) showed {leaked}"
            if params:
                assert status in (302, 400), (
                    f"{actor} {method.upper()} {url} ({name}) answered {status}"
                )
    assert checked > 60
    if actor != "anonymous":  # the whole crawl ran logged in
        assert client.get("/").status_code == 200


# Django's admin and auth views keep Django's own method handling.
DJANGO_VIEWS = ("admin:", "login", "logout", "password_", "set_language", "javascript-catalog")


def test_every_view_answers_only_the_methods_it_serves(world: World) -> None:
    """PUT, PATCH, DELETE and TRACE get 405 everywhere (a download used to answer them with
    the file), and a page that only shows something refuses POST."""
    samples = _samples(world)
    client = world.client("admin")
    wrong = []
    for name, route, params in _patterns(get_resolver()):
        url = _url(name, route, params, samples)
        if not url or name.startswith(DJANGO_VIEWS):
            continue
        for method in ("put", "patch", "delete", "trace"):
            response = client.generic(method.upper(), url)
            if response.status_code != 405:
                wrong.append(f"{method.upper()} {name}: {response.status_code}")
        allowed = client.generic("PUT", url).get("Allow", "")
        if allowed and "POST" not in allowed and client.post(url).status_code != 405:
            wrong.append(f"POST {name} (allows {allowed})")
    assert not wrong, "\n".join(wrong)


WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
# Bookkeeping, not a change of anything a user sees: the session's expiry, and the audit log
# recording a refused access.
BOOKKEEPING = {"qsessions_session", "audit_auditevent", "audit_auditchainhead"}


@pytest.mark.parametrize("actor", ["admin", "secretariat", "commander", "reviewer"])
def test_no_page_writes_on_a_get(world: World, actor: str) -> None:
    """Opening a page changes nothing: a GET of every URL, as each role that reads the most,
    runs no INSERT, UPDATE or DELETE (a score sheet used to be created by being looked at)."""
    samples = _samples(world)
    client = world.client(actor)
    client.get("/")  # the session's own bookkeeping happens once, at login
    writes = []
    for name, route, params in _patterns(get_resolver()):
        url = _url(name, route, params, samples)
        if not url or name.startswith(DJANGO_VIEWS):
            continue
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        for query in queries:
            match = WRITE.match(query["sql"])
            if match and match.group(2) not in BOOKKEEPING:
                writes.append(f"{name}: {match.group(1).split()[0]} {match.group(2)}")
    assert not writes, "\n".join(sorted(set(writes)))
