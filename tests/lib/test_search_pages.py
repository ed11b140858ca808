"""Every search box, filled in as the page renders it: the lists and the admin find Vietnamese
typed without accents, and never show what the user may not read."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.contrib import admin
from django.urls import reverse

from audit.models import AuditEvent
from awards import proposals
from awards.models import AwardRule, AwardType
from awards.rules import awards_ensure
from blocs.models import Person
from emulation_portal.lib.search import FoldedSearchMixin
from tests.certificates.conftest import decision_create
from tests.conftest import YEAR, World
from tests.lib.conftest import OUTSIDER

pytestmark = pytest.mark.usefixtures("people")


def search(page: Any, query: str) -> Any:
    """Type ``query`` into the page's search box and submit its form."""
    form = next(form for form in page.forms.values() if "q" in form.fields)
    form["q"] = query
    return form.submit()


def cells(page: Any, selector: str = "table tbody tr") -> list[str]:
    return [" ".join(row.get_text(" ").split()) for row in page.html.select(selector)]


def found(page: Any, names: list[str], selector: str = "table tbody tr") -> set[str]:
    """Which of ``names`` the page lists ("Nguyễn Văn An" is not found in "… Văn Anh")."""
    rows = " | ".join(cells(page, selector))
    return {name for name in names if re.search(re.escape(name) + r"(?!\w)", rows)}


NAMES = ["Nguyễn Văn An", "Nguyễn Văn Đức", "Đoàn Thị Hoa", "Trần Thị Hoa An", OUTSIDER]


def test_people_list_finds_names_typed_without_accents(world: World, django_app: Any) -> None:
    page = django_app.get(reverse("blocs:person_list"), user="secretariat")
    assert found(search(page, "nguyen van"), NAMES) == {"Nguyễn Văn An", "Nguyễn Văn Đức"}
    assert found(search(page, "DOÀN"), NAMES) == {"Đoàn Thị Hoa"}
    assert found(search(page, "hoa an"), NAMES) == {"Trần Thị Hoa An"}


def test_people_of_another_bloc_stay_hidden_whatever_the_search(
    world: World, django_app: Any
) -> None:
    for actor in ["commander", "secretariat"]:
        page = search(django_app.get(reverse("blocs:person_list"), user=actor), "nguyen van an")
        assert found(page, NAMES) == {"Nguyễn Văn An"}
    page = django_app.get(reverse("blocs:person_list"), user="other_commander")
    assert found(search(page, "nguyen van an"), NAMES) == {OUTSIDER}


def test_units_list_finds_đoàn_from_doan(world: World, django_app: Any) -> None:
    page = search(django_app.get(reverse("blocs:unit_list"), user="secretariat"), "doan")
    units = ["Lữ đoàn 144", "Đoàn Nghi lễ Quân đội", "Trường Cao đẳng Kỹ thuật Mật mã"]
    assert found(page, units) == {"Lữ đoàn 144"}  # the Đoàn is the other bloc's
    page = search(django_app.get(reverse("blocs:unit_list"), user="admin"), "doan")
    assert found(page, units) == {"Lữ đoàn 144", "Đoàn Nghi lễ Quân đội"}


def test_blocs_and_campaigns_lists_search_as_vietnamese(world: World, django_app: Any) -> None:
    world.bloc.name = "Khối thi đua số 4"
    world.bloc.save(update_fields=["name"])
    page = search(django_app.get(reverse("blocs:bloc_list"), user="admin"), "khoi thi dua so 4")
    assert cells(page) and all("Khối thi đua số 4" in row for row in cells(page))


def _nominate(world: World, actor: str, unit: Any, full_name: str) -> None:
    proposals.proposal_create(
        user=world.users[actor],
        award=AwardType.objects.get(code="chien-si-tien-tien"),
        bloc=world.bloc if unit == world.member_unit else world.other_bloc,
        year=YEAR,
        unit=unit,
        person=Person.objects.get(full_name=full_name),
        data={"achievement": "Hoàn thành xuất sắc nhiệm vụ", "no_discipline": True},
    )


def test_proposal_list_searches_nominees_units_and_awards(world: World, django_app: Any) -> None:
    awards_ensure(AwardType, AwardRule)
    for name in ["Nguyễn Văn An", "Đoàn Thị Hoa"]:
        _nominate(world, "commander", world.member_unit, name)
    _nominate(world, "other_commander", world.other_unit, OUTSIDER)
    page = django_app.get(reverse("awards:proposal_list"), user="reviewer")
    assert found(search(page, "nguyen van"), NAMES) == {"Nguyễn Văn An"}
    assert found(search(page, "doan hoa"), NAMES) == {"Đoàn Thị Hoa"}
    assert found(search(page, "chien si tien tien"), NAMES) == {"Nguyễn Văn An", "Đoàn Thị Hoa"}
    form = search(page, "chien si").forms["proposal-search"]
    form["status"] = "draft"
    assert found(form.submit(), NAMES) == {"Nguyễn Văn An", "Đoàn Thị Hoa"}


def test_decision_list_searches_numbers_authorities_and_signers(
    world: World, django_app: Any
) -> None:
    awards_ensure(AwardType, AwardRule)
    decision_create(world, 1, number="1234/QĐ-TM")
    decision_create(world, 1, number="5678/QĐ-BTTM")
    page = django_app.get(reverse("certificates:decisions"), user="reviewer")
    numbers = ["1234/QĐ-TM", "5678/QĐ-BTTM"]
    assert found(search(page, "qd-tm"), numbers) == {"1234/QĐ-TM"}
    assert found(search(page, "BTTM"), numbers) == {"5678/QĐ-BTTM"}
    # Both are the brigade commander's decisions (decision_create's): Lê Quang Vinh, Lữ đoàn 144.
    assert found(search(page, "le quang vinh"), numbers) == set(numbers)
    assert found(search(page, "lu doan 5678"), numbers) == {"5678/QĐ-BTTM"}
    other = django_app.get(reverse("certificates:decisions"), user="other_reviewer")
    assert found(search(other, "le quang vinh"), numbers) == set()


def test_admin_search_box_reads_vietnamese(world: World, django_app: Any) -> None:
    page = django_app.get(reverse("admin:blocs_person_changelist"), user="admin")
    form = page.forms["changelist-search"]
    form["q"] = "nguyen van 144"  # the unit's name is searched too
    result = form.submit()
    assert found(result, NAMES, "#result_list tbody tr") == {"Nguyễn Văn An", "Nguyễn Văn Đức"}
    form = result.forms["changelist-search"]
    form["q"] = "ĐOÀN NGHI"  # the other bloc's unit
    assert found(form.submit(), NAMES, "#result_list tbody tr") == {OUTSIDER}


def test_admin_autocomplete_reads_vietnamese(world: World, django_app: Any) -> None:
    params = {"app_label": "blocs", "model_name": "membership", "field_name": "unit"}
    url = reverse("admin:autocomplete")
    answer = django_app.get(url, {**params, "term": "lu doan"}, user="admin").json
    assert [result["text"] for result in answer["results"]] == ["Lữ đoàn 144"]


def test_audit_log_search_and_its_export_read_the_same_entries(
    world: World, django_app: Any
) -> None:
    # The fixture's renamed units and new people are audited: "doan" begins a word of
    # "Lữ đoàn 144", "Đoàn Nghi lễ Quân đội" and "Đoàn Thị Hoa", and of no other entry.
    expected = sorted(
        str(event.target_repr)
        for event in AuditEvent.objects.all()
        if "đoàn" in event.target_repr.lower()
    )
    assert len(expected) == 3
    page = django_app.get(reverse("admin:audit_auditevent_changelist"), user="admin")
    form = page.forms["changelist-search"]
    form["q"] = "doan"
    listed = form.submit()
    assert len(cells(listed, "#result_list tbody tr")) == len(expected)
    export = listed.click(href=reverse("audit:export"))
    exported = list(csv.DictReader(io.StringIO(export.text)))
    assert sorted(row["object"] for row in exported) == expected


def test_every_admin_search_box_of_the_portal_reads_vietnamese() -> None:
    ours = {"accounts", "audit", "awards", "blocs", "certificates", "evaluation", "imports"}
    ours |= {"jobs", "ops", "pledges", "summaries"}
    searched = [
        model_admin
        for model_admin in admin.site._registry.values()
        if model_admin.search_fields and type(model_admin).__module__.split(".")[0] in ours
    ]
    assert len(searched) > 15
    assert [type(m).__name__ for m in searched if not isinstance(m, FoldedSearchMixin)] == []
