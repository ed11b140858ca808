from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from awards import proposals
from awards.models import AwardDecision, AwardType
from blocs.demo import DEMO_PASSWORD, YEAR_END_MEETING
from blocs.models import Bloc, Campaign, Membership, Person, Role


@pytest.fixture
def demo(db: None) -> None:
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _counts() -> tuple[int, ...]:
    models = [Bloc, Membership, Campaign, Person, Role, get_user_model()]
    return tuple(model.objects.count() for model in models)


def test_demo_data_is_idempotent(demo: None) -> None:
    before = _counts()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _counts() == before


def test_demo_is_bloc_4_of_2026(demo: None) -> None:
    bloc = Bloc.objects.get(name="Khối thi đua số 4")
    members = Membership.objects.filter(bloc=bloc, year=2026)
    assert members.count() == 6
    assert members.get(role="leader").unit.name == "Trường Cao đẳng Kỹ thuật Mật mã"
    campaign = Campaign.objects.get(bloc=bloc, year=2026, kind="yearly")
    assert campaign.theme == "Đoàn kết, kỷ cương, đột phá, sáng tạo, quyết thắng"


@pytest.mark.parametrize(
    ("username", "dashboard"),
    [
        ("admin", "admin"),
        ("thuky.k4", "secretariat"),
        ("chihuy.ld144", "commander"),
        ("chinhtri.bttm", "reviewer"),
        ("captren.bttm", "superior"),
    ],
)
def test_each_demo_account_lands_on_its_dashboard(
    demo: None, username: str, dashboard: str
) -> None:
    client = Client()
    response = client.post(
        reverse("login"), {"username": username, "password": DEMO_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert f'data-dashboard="{dashboard}"' in response.content.decode()


def test_demo_pledge_is_ready_to_open(demo: None) -> None:
    from pledges.models import Pledge

    pledge = Pledge.objects.get(campaign__bloc__name="Khối thi đua số 4", campaign__year=2026)
    assert pledge.status == "draft"
    assert pledge.targets.values("unit").distinct().count() == 6
    assert not pledge.targets.exclude(status="accepted").exists()


def test_the_demo_decisions_are_ready_to_print(demo: None) -> None:
    from certificates.services import certificate_can_print, print_problems

    bloc = Bloc.objects.get(name="Khối thi đua số 4")
    secretary = get_user_model().objects.get(username="thuky.k4")
    assert certificate_can_print(user=secretary, bloc=bloc, year=2026)
    decision = AwardDecision.objects.get(number="1512/QĐ-TM-2026")
    assert decision.recipients.count() == 4
    for decision in AwardDecision.objects.all():
        assert print_problems(decision=decision, bloc=bloc) == [], decision.number


def test_the_demo_decisions_come_after_the_year_end_meeting(demo: None) -> None:
    from pledges.models import Pledge

    pledge = Pledge.objects.get(campaign__bloc__name="Khối thi đua số 4", campaign__year=2026)
    assert pledge.signing_deadline < pledge.year_end_deadline < YEAR_END_MEETING
    decisions = AwardDecision.objects.all()
    assert decisions.count() == 3
    assert all(decision.date > YEAR_END_MEETING for decision in decisions)


def test_each_demo_decision_confers_what_its_authority_may_confer(demo: None) -> None:
    """The General Staff confers the units' Đơn vị Quyết thắng and the brigade's Bằng khen;
    the brigade's commander his people's Chiến sĩ tiên tiến; never a Giấy khen from the
    General Staff."""
    kinds = {}
    for decision in AwardDecision.objects.all():
        recipients = decision.recipients.select_related("award", "bloc__command", "unit")
        assert (
            proposals.decision_conferral_problems(
                authority=decision.authority,
                signer_position=decision.signer_position,
                proposals=recipients,
            )
            == []
        ), decision.number
        kinds[decision.number] = (decision.signer_position, {p.award.code for p in recipients})
    assert kinds == {
        "1512/QĐ-TM-2026": ("Tổng Tham mưu trưởng", {"don-vi-quyet-thang"}),
        "1513/QĐ-TM-2026": ("Tổng Tham mưu trưởng", {"bang-khen-tttm"}),
        "2712/QĐ-LĐ-2026": ("Lữ đoàn trưởng", {"chien-si-tien-tien"}),
    }


def test_each_unit_has_people_a_strength_and_targets_of_its_own(demo: None) -> None:
    from awards.demo import STRENGTHS
    from blocs.models import Rank, UnitStrength
    from pledges.models import Target

    units = [m.unit for m in Membership.objects.filter(year=2026).select_related("unit")]
    for unit in units:
        people = Person.objects.filter(unit=unit)
        assert people.count() >= 4, unit.name
        assert people.filter(is_commander=True).count() == 1
        assert not people.filter(rank="") and not people.filter(position="")
    ranks = set(Person.objects.values_list("rank", flat=True))
    assert {Rank.DEFENCE_WORKER, Rank.DEFENCE_EMPLOYEE, Rank.SERGEANT} <= ranks
    strengths = dict(UnitStrength.objects.filter(year=2026).values_list("unit__name", "strength"))
    assert strengths == STRENGTHS and len(set(strengths.values())) == len(units)
    indicators = {
        unit.name: sorted(Target.objects.filter(unit=unit).values_list("indicator", flat=True))
        for unit in units
    }
    assert len({tuple(found) for found in indicators.values()}) == len(units)


def test_demo_history_makes_lu_doan_144_eligible_for_a_bang_khen(demo: None) -> None:
    """The demo's recorded years of Đơn vị Quyết thắng show the history at work: the brigade's
    page lists them and its Bằng khen passes the rule of two years before."""
    commander = get_user_model().objects.get(username="chihuy.ld144")
    bloc = Bloc.objects.get(name="Khối thi đua số 4")
    unit = Membership.objects.get(bloc=bloc, year=2026, unit__name="Lữ đoàn 144").unit
    proposal = proposals.proposal_create(
        user=commander,
        award=AwardType.objects.get(code="bang-khen-tttm"),
        bloc=bloc,
        year=2026,
        unit=unit,
        person=None,
        data={"achievement": "Hoàn thành xuất sắc nhiệm vụ", "no_discipline": True},
    )
    checks = {r.rule.kind: r for r in proposals.proposal_check(proposal=proposal)}
    assert checks["consecutive_years"].passed
    client = Client()
    client.force_login(commander)
    page = client.get(reverse("awards:unit_history", args=[unit.pk])).content.decode()
    assert "2105/QĐ-BTTM" in page and "2318/QĐ-BTTM" in page


# --- Back to the first state ------------------------------------------------------------------


def _state() -> dict[str, int]:
    """How many rows the demo has (the same after every load into a fresh database)."""
    from awards.models import Proposal
    from pledges.models import Pledge, Target

    models = [Bloc, Person, Role, get_user_model(), Pledge, Target, Proposal, AwardDecision]
    return {model.__name__: model.objects.count() for model in models}


def test_reset_puts_the_demo_back_to_its_first_state(
    transactional_db: None, settings: object, tmp_path: object
) -> None:
    import importlib

    from awards.models import PublicHoliday
    from awards.rules import DEFAULT_AWARDS
    from pledges.models import Pledge
    from pledges.services import pledge_open_for_signature

    holidays = importlib.import_module("awards.migrations.0021_holidays_2025_2027").HOLIDAYS
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(tmp_path)}
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = _state()
    users = get_user_model().objects
    pledge_open_for_signature(user=users.get(username="thuky.k4"), pledge=Pledge.objects.get())
    Person.objects.filter(full_name="Vương Minh Quân").update(position="Đã chuyển đơn vị")
    AwardType.objects.filter(code="giay-khen").update(level="Bộ Tổng Tham mưu")
    PublicHoliday.objects.all().delete()
    secretary = users.get(username="thuky.k4")
    secretary.set_password("mat-khau-moi")
    secretary.save()
    for folder in (settings.MEDIA_ROOT, settings.PORTAL_BALLOT_KEY_DIR, str(tmp_path)):
        (Path(folder) / "left-over.pdf").write_bytes(b"%PDF")

    call_command("seed_demo", "--reset", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert _state() == first
    assert Pledge.objects.get().status == "draft"
    assert Person.objects.get(full_name="Vương Minh Quân").position == "Chiến sĩ thông tin"
    assert AwardType.objects.get(code="giay-khen").level == "Cơ sở"
    assert set(AwardType.objects.values_list("code", flat=True)) == {
        award["code"] for award in DEFAULT_AWARDS
    }
    # Seeded by a data migration, not by the demo: the migrations ran again.
    dates = {date.isoformat() for date in PublicHoliday.objects.values_list("date", flat=True)}
    assert dates == {holiday[0] for holiday in holidays}
    assert users.get(username="thuky.k4").check_password(DEMO_PASSWORD)
    for folder in (settings.MEDIA_ROOT, settings.PORTAL_BALLOT_KEY_DIR, str(tmp_path)):
        assert not list(Path(folder).iterdir()), folder


def test_reset_is_refused_unless_the_settings_allow_it(demo: None, settings: object) -> None:
    settings.PORTAL_DEMO_RESET_ALLOWED = False
    before = _state()
    with pytest.raises(CommandError, match="only the local settings"):
        call_command("seed_demo", "--reset", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _state() == before


def test_production_refuses_a_reset() -> None:
    from tests.test_settings import _manage

    keys = {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "PORTAL_AUDIT_KEY": secrets.token_urlsafe(50),
    }
    result = _manage("seed_demo", "--reset", **keys)
    assert result.returncode != 0
    assert "refused" in result.stderr
    shown = _manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.PORTAL_DEMO_RESET_ALLOWED)",
        **keys,
    )
    assert shown.stdout.strip() == "False", shown.stderr


def test_only_the_local_and_test_settings_allow_a_reset() -> None:
    from emulation_portal.settings import base, local

    assert not base.PORTAL_DEMO_RESET_ALLOWED
    assert local.PORTAL_DEMO_RESET_ALLOWED and settings.PORTAL_DEMO_RESET_ALLOWED
