"""Words the portal uses in Vietnamese: users are addressed as “đồng chí”, and a button says
what it does, never where something stands."""

from __future__ import annotations

import importlib
import re
import unicodedata
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import translation

from emulation_portal.lib.forms import PortalFormMixin

PO = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
TEMPLATES = Path(settings.BASE_DIR) / "templates"
BẠN = re.compile(r"(?<!\w)bạn(?!\w)", re.IGNORECASE)
BUTTON = re.compile(r"<button\b[^>]*>(.*?)</button>", re.DOTALL)
TRANSLATE = re.compile(r'{%\s*translate\s+"([^"]+)"(?:\s+context\s+"([^"]+)")?\s*%}')


def _msgstrs(po: str) -> list[str]:
    """Every msgstr of a .po file (plural forms too), its continuation lines joined."""
    texts, current = [], None
    for line in po.splitlines():
        if line.startswith("msgstr"):
            current = [line.split(" ", 1)[1].strip()[1:-1]]
            texts.append(current)
        elif line.startswith('"') and current is not None:
            current.append(line.strip()[1:-1])
        else:
            current = None
    return [unicodedata.normalize("NFC", "".join(parts)) for parts in texts]


def test_the_parser_reads_every_msgstr() -> None:
    po = 'msgid "a"\nmsgstr ""\n"Mật khẩu của "\n"bạn"\n\nmsgid "b"\nmsgstr[0] "Bạn bè"\n'
    assert _msgstrs(po) == ["Mật khẩu của bạn", "Bạn bè"]


def test_the_word_is_found_only_as_a_word() -> None:
    assert BẠN.search("Mật khẩu của bạn.") and BẠN.search("Bạn không được phép")
    assert not BẠN.search("bạnh") and not BẠN.search("ban hành") and not BẠN.search("Đồng chí")


def test_no_vietnamese_text_addresses_the_user_as_bạn() -> None:
    found = [text for text in _msgstrs(PO.read_text(encoding="utf-8")) if BẠN.search(text)]
    assert found == []


def _status_labels() -> set[str]:
    labels = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.Field) and field.name == "status" and field.choices:
                labels |= {str(label) for _value, label in field.choices}
    return labels


def _button_texts() -> dict[str, str]:
    """What each button says (templates and forms' submit buttons), by where it is."""
    texts = {}
    for path in TEMPLATES.rglob("*.html"):
        for button in BUTTON.finditer(path.read_text(encoding="utf-8")):
            for msgid, context in TRANSLATE.findall(button.group(1)):
                text = (
                    translation.pgettext(context, msgid) if context else translation.gettext(msgid)
                )
                texts[f"{path.relative_to(TEMPLATES)}: {msgid}"] = text
    for app in apps.get_app_configs():
        try:
            importlib.import_module(f"{app.name}.forms")
        except ModuleNotFoundError:
            continue
    forms, seen = [PortalFormMixin], set()
    while forms:
        form = forms.pop()
        if form not in seen:
            seen.add(form)
            forms += form.__subclasses__()
            texts[f"{form.__module__}.{form.__name__}"] = str(form.submit_label)
    return texts


def test_no_button_reads_as_a_status() -> None:
    with translation.override("vi"):
        statuses = _status_labels()
        buttons = _button_texts()
    assert "Đang lấy chữ ký" in statuses  # the pledge's status while it is open
    assert any("Open for signature" in where for where in buttons)
    assert {where: text for where, text in buttons.items() if text in statuses} == {}
