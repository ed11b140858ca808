from __future__ import annotations

import unicodedata

from django.urls import reverse

from blocs.models import Person
from tests.conftest import World
from tests.factories import PersonFactory


def test_submitted_text_is_stored_in_nfc(world: World) -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hường")
    assert decomposed != "Nguyễn Thị Hường"
    data = {
        "unit": world.member_unit.pk,
        "full_name": decomposed,
        "rank": "dai_uy",
        "position": "Trợ lý",
    }
    world.client("commander").post(reverse("blocs:person_create"), data)
    assert Person.objects.get(unit=world.member_unit).full_name == "Nguyễn Thị Hường"


def test_search_finds_a_name_typed_in_another_normal_form(world: World) -> None:
    PersonFactory(unit=world.member_unit, full_name="Nguyễn Thị Hường")
    query = unicodedata.normalize("NFD", "Hường")
    page = world.client("commander").get(reverse("blocs:person_list"), {"q": query})
    assert "Nguyễn Thị Hường" in page.content.decode()


def test_vietnamese_by_default_whatever_the_browser_says(world: World) -> None:
    page = world.client("secretariat").get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert page["Content-Language"] == "vi"
    assert '<html lang="vi">' in page.content.decode()


def test_language_choice_persists(world: World) -> None:
    client = world.client("secretariat")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("blocs:campaign_list"))
    assert page["Content-Language"] == "en"
    assert '<h1 class="h3">Campaigns</h1>' in page.content.decode()


def test_unknown_language_falls_back_to_vietnamese(world: World) -> None:
    client = world.client("secretariat")
    client.cookies["django_language"] = "xx"
    page = client.get(reverse("dashboard"))
    assert page.status_code == 200
    assert page["Content-Language"] == "vi"
