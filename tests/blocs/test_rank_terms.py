"""People who are not officers or soldiers are named by the current terms: “công nhân quốc
phòng” and “viên chức quốc phòng”, also those recorded under the former ones."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.utils import translation

from blocs.models import Person, Rank
from tests.factories import PersonFactory

migration = importlib.import_module("blocs.migrations.0038_rank_current_terms")


def test_the_choices_use_the_current_terms(db: None) -> None:
    with translation.override("vi"):
        labels = [str(label) for label in Rank.labels]
    assert "Công nhân quốc phòng" in labels and "Viên chức quốc phòng" in labels
    assert not [label for label in labels if "công chức" in label.lower() or "viên quốc" in label]


def test_people_recorded_under_the_former_terms_take_the_current_ones(db: None) -> None:
    worker, official = PersonFactory(), PersonFactory()
    Person.objects.filter(pk=worker.pk).update(rank="cnv")
    Person.objects.filter(pk=official.pk).update(rank="cong_chuc")

    migration.current_terms(apps, None)

    worker.refresh_from_db()
    official.refresh_from_db()
    with translation.override("vi"):
        assert (worker.get_rank_display(), official.get_rank_display()) == (
            "Công nhân quốc phòng",
            "Viên chức quốc phòng",
        )
