"""factory_boy factories for the tests, one module per app; import them from here.

Each factory makes a row with plausible Vietnamese values and the rows it needs, consistent
with each other (a target's unit is a member of the pledge's bloc in its year, a score line's
criterion is on its sheet's table). They are for setup data: a test of a rule records what a
service records (a submitted proposal, a published score, a counted ballot) through that
service.
"""

from tests.factories.awards import (
    AwardDecisionFactory,
    AwardTypeFactory,
    NoticeFeedbackFactory,
    ProposalDocumentFactory,
    ProposalFactory,
    PublicNoticeFactory,
)
from tests.factories.blocs import (
    PASSWORD,
    BlocFactory,
    CampaignFactory,
    CommandFactory,
    MembershipFactory,
    PersonFactory,
    RoleFactory,
    UnitFactory,
    UserFactory,
    member_unit,
)
from tests.factories.certificates import (
    CertificateFactory,
    CertificateTemplateFactory,
    PrinterProfileFactory,
)
from tests.factories.evaluation import (
    BallotFactory,
    CriteriaTableFactory,
    CriterionFactory,
    ScoreEvidenceFactory,
    ScoreLineFactory,
    ScoreSheetFactory,
    VotingRuleFactory,
)
from tests.factories.jobs import (
    JobFactory,
)
from tests.factories.pledges import (
    EvidenceFactory,
    PledgeFactory,
    PledgeSectionFactory,
    ProgressReportFactory,
    SigningDelegationFactory,
    TargetFactory,
)

__all__ = [
    "PASSWORD",
    "AwardDecisionFactory",
    "AwardTypeFactory",
    "BallotFactory",
    "BlocFactory",
    "CampaignFactory",
    "CertificateFactory",
    "CertificateTemplateFactory",
    "CommandFactory",
    "CriteriaTableFactory",
    "CriterionFactory",
    "EvidenceFactory",
    "JobFactory",
    "MembershipFactory",
    "NoticeFeedbackFactory",
    "PersonFactory",
    "PledgeFactory",
    "PledgeSectionFactory",
    "PrinterProfileFactory",
    "ProgressReportFactory",
    "ProposalDocumentFactory",
    "ProposalFactory",
    "PublicNoticeFactory",
    "RoleFactory",
    "ScoreEvidenceFactory",
    "ScoreLineFactory",
    "ScoreSheetFactory",
    "SigningDelegationFactory",
    "TargetFactory",
    "UnitFactory",
    "UserFactory",
    "VotingRuleFactory",
    "member_unit",
]
