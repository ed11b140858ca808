"""Icons come from Bootstrap Icons' SVG sprite, installed from npm; no page relies on emoji."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from tests.conftest import World

TEMPLATES = Path(settings.BASE_DIR) / "templates"
SPRITE = "vendor/bootstrap-icons/bootstrap-icons.svg"
# Pictographs that need an emoji font, and the symbol blocks (dingbats such as ✓ ✔ ✗, ⚠, ▲)
# that the Liberation fonts lack: on a closed network without such fonts they show as boxes.
EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2300-\u23ff\u25a0-\u27bf\u2b00-\u2bff\u2194-\u2199\u21a9\u21aa"
    "\ufe0f\u200d]"
)
ICON_USE = re.compile(r'include "partials/icon.html" with icon="([\w-]+)"')


def test_no_template_contains_an_emoji() -> None:
    found = [
        f"{path.relative_to(TEMPLATES)}:{number}: {match.group()!r}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        for match in EMOJI.finditer(line)
    ]
    assert not found, "\n".join(found)


def test_every_icon_used_is_in_the_sprite_served_from_node_modules() -> None:
    sprite = finders.find(SPRITE)
    assert sprite and Path(sprite).is_relative_to(Path(settings.BASE_DIR) / "node_modules")
    symbols = set(re.findall(r'<symbol[^>]* id="([\w-]+)"', Path(sprite).read_text()))
    used = {
        name for path in TEMPLATES.rglob("*.html") for name in ICON_USE.findall(path.read_text())
    }
    assert used and used <= symbols, used - symbols


def test_the_bell_is_an_icon_with_a_label(world: World) -> None:
    page = world.client("commander").get(reverse("dashboard")).content.decode()
    bell = re.search(r'<a [^>]*id="notifications-link".*?</a>', page, re.S).group()
    assert f'/static/{SPRITE}#bell"' in bell
    assert 'aria-label="Thông báo"' in bell


def test_the_sprite_is_served_as_a_static_file(world: World) -> None:
    response = Client().get(f"{settings.STATIC_URL}{SPRITE}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
