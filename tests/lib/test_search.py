"""Vietnamese search (emulation_portal.lib.search): what it matches, the same on SQLite and
PostgreSQL, and on PostgreSQL through its indexes."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest
from django.db import connection
from django.db.models import QuerySet

from audit.context import client_ip
from audit.models import SEARCH_FIELDS as AUDIT_SEARCH_FIELDS
from audit.models import AuditEvent
from audit.selectors import audit_search
from audit.services import audit_record
from blocs.admin import UnitAdmin
from blocs.filters import PersonFilter, UnitFilter
from blocs.models import Person, Unit
from emulation_portal.lib.search import SearchDocument, fold, fold_text, search_filter
from tests.conftest import World, require
from tests.lib.conftest import PEOPLE


def people_found(query: str, fields: tuple[str, ...] = PersonFilter.search_fields) -> set[str]:
    found = search_filter(Person.objects.all(), fields=fields, query=query)
    return set(found.values_list("full_name", flat=True))


def units_found(query: str) -> set[str]:
    found = search_filter(Unit.objects.all(), fields=UnitFilter.search_fields, query=query)
    return set(found.values_list("name", flat=True))


def test_fold_drops_accents_and_case_and_reads_d_for_đ() -> None:
    assert fold("  Nguyễn  Văn   ĐỨC ") == "nguyen van duc"
    assert fold(unicodedata.normalize("NFD", "Hường Ý")) == "huong y"
    assert fold("Ðoàn") == "doan"  # the eth that old encodings put for Đ


def _vietnamese_letters() -> list[str]:
    """Every vowel with every tone, upper and lower case, and đ: one string per vowel."""
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    vowels = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]
    rows = []
    for vowel in vowels:
        letters = [unicodedata.normalize("NFC", vowel + tone) for tone in tones]
        rows.append(" ".join(letters + [letter.upper() for letter in letters]))
    return [*rows, "đ Đ ð Ð", unicodedata.normalize("NFD", "Nguyễn Thị Hường")]


def test_the_database_folds_every_vietnamese_letter_as_python_does(world: World) -> None:
    rows = _vietnamese_letters()
    Person.objects.bulk_create(
        Person(unit=world.member_unit, full_name=text, rank="dai_uy", position="") for text in rows
    )
    folded = dict(
        Person.objects.annotate(folded=SearchDocument("full_name")).values_list(
            "full_name", "folded"
        )
    )
    assert {text: folded[text] for text in rows} == {text: fold_text(text) for text in rows}
    assert folded[rows[0]] == "a a a a a a a a a a a a"


@pytest.mark.usefixtures("people")
def test_a_name_typed_without_accents_is_found() -> None:
    assert people_found("nguyen van") == {"Nguyễn Văn An", "Nguyễn Văn Anh", "Nguyễn Văn Đức"}
    assert people_found("nguyen van duc") == {"Nguyễn Văn Đức"}
    assert people_found("NGUYEN   VĂN an") == {"Nguyễn Văn An", "Nguyễn Văn Anh"}


@pytest.mark.usefixtures("people")
def test_d_finds_đ_in_any_case() -> None:
    assert people_found("doan") == {"Đoàn Thị Hoa"}
    assert people_found("DOÀN") == {"Đoàn Thị Hoa"}
    assert units_found("doan") == {"Lữ đoàn 144", "Đoàn Nghi lễ Quân đội"}
    assert units_found("DOÀN 144") == {"Lữ đoàn 144"}


@pytest.mark.usefixtures("people")
def test_every_word_must_begin_a_word_of_some_field() -> None:
    assert people_found("hoa an") == {"Trần Thị Hoa An"}
    assert people_found("an") == {"Nguyễn Văn An", "Trần Thị Hoa An", "Nguyễn Văn Anh"}
    assert people_found("chinh hoa") == {"Trần Thị Hoa An"}  # after a slash, in the position
    assert people_found("tro ly") == {"Nguyễn Văn An", "Trần Thị Hoa An", "Nguyễn Văn Anh"}
    assert people_found("binh an") == set()
    assert units_found("44") == set()
    assert units_found("789") == {"Tổng công ty 789"}


@pytest.mark.usefixtures("people")
def test_a_quoted_phrase_is_one_term() -> None:
    assert people_found('"thi hoa"') == {"Đoàn Thị Hoa", "Trần Thị Hoa An"}
    assert people_found('"hoa thi"') == set()


@pytest.mark.usefixtures("people")
@pytest.mark.parametrize("query", ["%", "_", "\\", "(", "[", ".*", "a|b", "^", "'", '"'])
def test_signs_are_read_as_themselves(query: str) -> None:
    assert people_found(query) == set()


@pytest.mark.usefixtures("people")
def test_an_empty_query_keeps_every_row() -> None:
    assert len(people_found("   ")) == len(PEOPLE) + 1


@pytest.mark.usefixtures("people")
def test_fields_through_foreign_keys_are_searched() -> None:
    assert people_found("an 144", fields=("full_name", "unit__name")) == {
        "Nguyễn Văn An",
        "Trần Thị Hoa An",
    }


def test_an_address_is_searched_without_its_netmask(world: World) -> None:
    token = client_ip.set("10.20.30.40")
    try:
        audit_record(action="unit.update", actor=world.users["admin"], target=world.member_unit)
    finally:
        client_ip.reset(token)
    found = search_filter(AuditEvent.objects.all(), fields=AUDIT_SEARCH_FIELDS, query="30.40")
    assert list(found.values_list("ip", flat=True)) == ["10.20.30.40"]
    # The same through the column the database stores the folded fields in.
    found = audit_search(AuditEvent.objects.all(), query="30.40")
    assert list(found.values_list("ip", flat=True)) == ["10.20.30.40"]


def _plan(queryset: object) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the tables are tiny here
    return queryset.explain()


def _fields(model: type, fields: tuple[str, ...]) -> Callable[[str], QuerySet]:
    # Unordered: on a tiny table an ordered query may walk the ordering's index instead.
    return lambda query: search_filter(model.objects.order_by(), fields=fields, query=query)


@pytest.mark.usefixtures("people")
@pytest.mark.parametrize(
    ("search", "index"),
    [
        (_fields(Person, PersonFilter.search_fields), "blocs_person_search"),
        (_fields(Unit, UnitFilter.search_fields), "blocs_unit_search"),
        (_fields(Unit, tuple(UnitAdmin.search_fields)), "blocs_unit_search"),
        (
            lambda query: audit_search(AuditEvent.objects.order_by(), query=query),
            "audit_auditevent_search_text",
        ),
    ],
)
def test_postgresql_answers_from_the_trigram_index(
    search: Callable[[str], QuerySet], index: str
) -> None:
    require(connection.vendor == "postgresql", "the indexes are PostgreSQL's")
    plan = _plan(search("nguyen an"))
    assert f"Bitmap Index Scan on {index}" in plan


def test_the_audit_log_stores_its_searched_fields_folded(world: World) -> None:
    world.member_unit.name = "Lữ đoàn Đặc công 144"
    token = client_ip.set("10.20.30.40")
    try:
        audit_record(action="unit.update", actor=world.users["admin"], target=world.member_unit)
    finally:
        client_ip.reset(token)
    entry = AuditEvent.objects.order_by("-seq").first()
    written = [entry.actor_name, entry.action, entry.target_repr, entry.target_id, entry.ip]
    assert entry.search_text == fold_text(" ".join(written))
    assert "lu doan dac cong 144" in entry.search_text
    assert list(audit_search(AuditEvent.objects.all(), query="đặc CÔNG")) == [entry]
