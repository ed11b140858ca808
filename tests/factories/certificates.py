"""Certificate templates, printer profiles, and issued certificates.

A certificate made here is a row for tests that only need one to exist; a test of printing or
checking issues it through ``certificates.services.certificates_issue``.
"""

from __future__ import annotations

import secrets

import factory
from django.utils import timezone

from awards.models import ProposalStatus
from certificates.models import Certificate, CertificateTemplate, PrinterProfile
from tests.factories.awards import AwardDecisionFactory, AwardTypeFactory, ProposalFactory
from tests.factories.blocs import BlocFactory


class CertificateTemplateFactory(factory.django.DjangoModelFactory):
    """An award's certificate text (lines left out take the layout's defaults)."""

    class Meta:
        model = CertificateTemplate

    award = factory.SubFactory(AwardTypeFactory)
    texts = factory.LazyFunction(lambda: {"achievement": "Đã có thành tích xuất sắc năm {year}"})


class PrinterProfileFactory(factory.django.DjangoModelFactory):
    """A printer of the bloc that needs no offset on pre-printed blanks."""

    class Meta:
        model = PrinterProfile

    bloc = factory.SubFactory(BlocFactory)
    name = factory.Sequence(lambda n: f"Máy in phòng Thi đua {n + 1}")


class CertificateFactory(factory.django.DjangoModelFactory):
    """The certificate of an award granted by a decision."""

    class Meta:
        model = Certificate

    proposal = factory.SubFactory(
        ProposalFactory,
        status=ProposalStatus.DECIDED,
        decision=factory.SubFactory(AwardDecisionFactory),
        decision_order=1,
    )
    serial = factory.Sequence(lambda n: f"KT2026-{n + 1:06d}")
    code = factory.LazyFunction(lambda: secrets.token_urlsafe(15))
    lines = factory.LazyAttribute(lambda o: {"recipient": o.proposal.unit.name})
    issued_at = factory.LazyFunction(timezone.now)
    issued_by = factory.SelfAttribute("proposal.decision.recorded_by")
