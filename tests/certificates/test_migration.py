"""Certificate templates saved before the headings named who confers: the lines left at the
old defaults take their kind's new ones, and what an administrator wrote stays."""

from __future__ import annotations

import importlib

from django.apps import apps

from awards.models import AwardType
from certificates import layout
from certificates.models import CertificateTemplate

migration = importlib.import_module(
    "certificates.migrations.0013_saved_templates_follow_their_kind"
)


def test_saved_templates_at_the_old_defaults_take_their_kinds(world: object) -> None:
    title = AwardType.objects.get(code="chien-si-tien-tien")
    form = AwardType.objects.get(code="giay-khen")
    old_title, _new = migration._defaults(title)
    old_form, _new = migration._defaults(form)
    CertificateTemplate.objects.create(
        award=title, texts={**old_title, "signer_name": "Đại tá Lê Quang Vinh"}
    )
    CertificateTemplate.objects.create(award=form, texts=old_form)

    migration.templates_follow_their_kind(apps, None)

    for award in (title, form):
        saved = CertificateTemplate.objects.get(award=award).texts
        kind = layout.default_texts(
            award_code=award.code, title=award.category == "title", collective=False
        )
        expected = {**kind, "signer_name": "Đại tá Lê Quang Vinh"} if award == title else kind
        assert saved == expected
