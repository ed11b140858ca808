"""The pledge of a bloc's yearly campaign: its sections, targets, progress and delegations."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from blocs.models import CampaignKind
from pledges.models import (
    Evidence,
    Pledge,
    PledgeSection,
    ProgressReport,
    SigningDelegation,
    Target,
    TargetStatus,
)
from tests.factories.blocs import CampaignFactory, UnitFactory, UserFactory, member_unit
from tests.factories.uploads import StoredUploadFactory


class PledgeFactory(factory.django.DjangoModelFactory):
    """A draft pledge of a bloc's yearly campaign."""

    class Meta:
        model = Pledge

    campaign = factory.SubFactory(CampaignFactory, kind=CampaignKind.YEARLY)
    title = factory.LazyAttribute(lambda o: f"Giao ước thi đua năm {o.campaign.year}")


class PledgeSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PledgeSection

    pledge = factory.SubFactory(PledgeFactory)
    order = 1
    title = "Đoàn kết"
    body = "Giữ vững đoàn kết thống nhất."


class TargetFactory(factory.django.DjangoModelFactory):
    """An accepted target of a unit that is a member of the pledge's bloc in its year."""

    class Meta:
        model = Target

    pledge = factory.SubFactory(PledgeFactory)
    unit = factory.LazyAttribute(
        lambda o: member_unit(o.pledge.campaign.bloc, o.pledge.campaign.year)
    )
    goal = "Huấn luyện giỏi"
    subject = "Toàn đơn vị"
    content = "Huấn luyện theo chương trình"
    indicator = "Tỷ lệ khá, giỏi"
    target_value = Decimal(80)
    measure_unit = "%"
    deadline = factory.LazyAttribute(lambda o: datetime.date(o.pledge.campaign.year, 11, 30))
    evidence = "Kết quả kiểm tra cuối năm"
    status = TargetStatus.ACCEPTED


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    target = factory.SubFactory(TargetFactory)
    achieved_value = Decimal(40)
    narrative = "Đã tổ chức huấn luyện 3 đợt, kiểm tra đạt yêu cầu."
    reported_by = factory.SubFactory(UserFactory)
    reported_at = factory.LazyFunction(timezone.now)


class EvidenceFactory(StoredUploadFactory):
    """A report's evidence file."""

    class Meta:
        model = Evidence

    report = factory.SubFactory(ProgressReportFactory)
    name = "Biên bản kiểm tra.pdf"


class SigningDelegationFactory(factory.django.DjangoModelFactory):
    """A commander lets a deputy sign for the unit."""

    class Meta:
        model = SigningDelegation

    unit = factory.SubFactory(UnitFactory)
    delegate = factory.SubFactory(UserFactory)
    granted_by = factory.SubFactory(UserFactory)
    granted_at = factory.LazyFunction(timezone.now)
