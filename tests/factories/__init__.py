"""factory_boy factories for the tests, one module per app; import them from here.

Each factory makes a row with plausible Vietnamese values and the rows it needs, consistent
with each other. They are for setup data: a test of a rule records what a service records
(a submitted proposal, a published score, a counted ballot) through that service.
"""

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
)

__all__ = [
    "PASSWORD",
    "BlocFactory",
    "CampaignFactory",
    "CommandFactory",
    "MembershipFactory",
    "PersonFactory",
    "RoleFactory",
    "UnitFactory",
    "UserFactory",
]
