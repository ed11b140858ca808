"""The award catalogue, proposals and their dossier, public notices and feedback, decisions.

The seeded catalogue (``awards.rules.awards_ensure``) holds the real awards and their rules;
``AwardTypeFactory`` makes one more, without rules. A proposal made here is a row in the
status it is given: a test of a rule nominates, submits and reviews through
``awards.proposals`` (see tests/certificates/conftest.py).
"""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from awards.models import (
    AwardDecision,
    AwardType,
    FeedbackKind,
    NomineeKind,
    NoticeFeedback,
    Proposal,
    ProposalDocument,
    PublicNotice,
)
from awards.notices import working_days_end
from awards.rules import DOSSIER
from tests.factories.blocs import BlocFactory, UserFactory, member_unit
from tests.factories.uploads import StoredUploadFactory


class AwardTypeFactory(factory.django.DjangoModelFactory):
    """A collective award of the unit's own level, whose dossier needs the usual documents."""

    class Meta:
        model = AwardType

    code = factory.Sequence(lambda n: f"giay-khen-tap-the-{n + 1}")
    name = factory.Sequence(lambda n: f"Giấy khen tập thể (mẫu {n + 1})")
    nominee_kind = NomineeKind.COLLECTIVE
    level = "Cơ sở"
    issuing_authority = "Thủ trưởng đơn vị"
    required_documents = factory.LazyFunction(lambda: list(DOSSIER))


class ProposalFactory(factory.django.DjangoModelFactory):
    """A draft proposal for a unit that is a member of the bloc in the year."""

    class Meta:
        model = Proposal

    award = factory.SubFactory(AwardTypeFactory)
    bloc = factory.SubFactory(BlocFactory)
    year = 2026
    unit = factory.LazyAttribute(lambda o: member_unit(o.bloc, o.year))
    nominated_by = factory.SubFactory(UserFactory)
    achievement = "Hoàn thành xuất sắc nhiệm vụ huấn luyện, sẵn sàng chiến đấu năm 2026."
    no_discipline = True
    documents = factory.LazyFunction(lambda: list(DOSSIER))


class ProposalDocumentFactory(StoredUploadFactory):
    """A document of a proposal's dossier."""

    class Meta:
        model = ProposalDocument

    proposal = factory.SubFactory(ProposalFactory)
    kind = DOSSIER[0]
    name = "Tờ trình đề nghị khen thưởng.pdf"
    uploaded_by = factory.SelfAttribute("proposal.nominated_by")
    uploaded_at = factory.LazyFunction(timezone.now)


class PublicNoticeFactory(factory.django.DjangoModelFactory):
    """A notice of ten working days from Monday 2 November (no holiday falls in them);
    ``proposals`` lists its nominees."""

    class Meta:
        model = PublicNotice
        skip_postgeneration_save = True

    bloc = factory.SubFactory(BlocFactory)
    year = 2026
    working_days = 10
    starts_on = factory.LazyAttribute(lambda o: datetime.date(o.year, 11, 2))
    ends_on = factory.LazyAttribute(
        lambda o: working_days_end(start=o.starts_on, days=o.working_days, calendar={})
    )
    opened_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def proposals(self, create: bool, extracted: list[Proposal] | None, **kwargs: object) -> None:
        if create and extracted:
            self.proposals.add(*extracted)


class NoticeFeedbackFactory(factory.django.DjangoModelFactory):
    """Feedback on a nominee of the notice (the proposal is added to the notice)."""

    class Meta:
        model = NoticeFeedback
        skip_postgeneration_save = True

    notice = factory.SubFactory(PublicNoticeFactory)
    proposal = factory.SubFactory(
        ProposalFactory,
        bloc=factory.SelfAttribute("..notice.bloc"),
        year=factory.SelfAttribute("..notice.year"),
    )
    kind = FeedbackKind.FEEDBACK
    text = "Đề nghị làm rõ thành tích huấn luyện của đơn vị."
    author = factory.SubFactory(UserFactory)
    created_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def in_notice(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.notice.proposals.add(self.proposal)


class AwardDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardDecision

    authority = "Bộ Tổng Tham mưu"
    number = factory.Sequence(lambda n: f"{n + 1}/QĐ-TM")
    date = datetime.date(2026, 12, 20)
    signer_name = "Nguyễn Tân Cương"
    signer_position = "Tổng Tham mưu trưởng"
    signer_rank = "Thượng tướng"
    place = "Hà Nội"
    recorded_by = factory.SubFactory(UserFactory)
