"""Background jobs, in whatever state a test of the job pages or the watchdog starts from."""

from __future__ import annotations

import factory

from blocs.documents import ROSTER
from jobs.models import Job
from tests.factories.blocs import BlocFactory, UserFactory


class JobFactory(factory.django.DjangoModelFactory):
    """A waiting roster job of a bloc (``bloc_id``: a job knows its bloc by id only)."""

    class Meta:
        model = Job

    kind = ROSTER
    bloc_id = factory.LazyFunction(lambda: BlocFactory().pk)
    year = 2026
    requested_by = factory.SubFactory(UserFactory)
