"""Commands, blocs, units and their yearly membership, campaigns, people, users and roles."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model

from blocs.models import (
    Bloc,
    Campaign,
    Command,
    Membership,
    MembershipRole,
    Person,
    Rank,
    Role,
    RoleKind,
    Unit,
)

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Nguyễn Văn"
    last_name = factory.Sequence(lambda n: f"Người dùng {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save(update_fields=["password"])


class CommandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Command

    name = factory.Sequence(lambda n: f"Bộ Tư lệnh {n}")


class BlocFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bloc

    command = factory.SubFactory(CommandFactory)
    name = factory.Sequence(lambda n: f"Khối thi đua số {n}")
    document_code = factory.Sequence(lambda n: f"KTĐ{n}")
    place = "Hà Nội"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Lữ đoàn {1000 + n}")  # typed names in tests have 3 digits
    short_name = factory.Sequence(lambda n: f"LĐ {1000 + n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    bloc = factory.SubFactory(BlocFactory)
    unit = factory.SubFactory(UnitFactory)
    year = 2026
    role = MembershipRole.MEMBER


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    bloc = factory.SubFactory(BlocFactory)
    year = 2026
    kind = "thematic"
    name = factory.Sequence(lambda n: f"Phong trào thi đua đợt {n}")
    theme = "Đoàn kết, kỷ cương, đột phá, sáng tạo, quyết thắng"
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2026, 12, 31)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    unit = factory.SubFactory(UnitFactory)
    full_name = factory.Sequence(lambda n: f"Trần Văn Đức {n}")
    rank = Rank.CAPTAIN
    position = "Trợ lý"


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    kind = RoleKind.COMMANDER


def member_unit(bloc: Bloc, year: int) -> Unit:
    """A new unit, member of ``bloc`` in ``year``: the unit a row of that bloc's year names."""
    return MembershipFactory(bloc=bloc, year=year).unit
