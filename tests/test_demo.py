from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from awards import proposals
from awards.models import AwardType
from blocs.demo import DEMO_PASSWORD
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


def test_the_demo_decision_is_ready_to_print(demo: None) -> None:
    from awards.models import AwardDecision
    from certificates.services import certificate_can_print, print_problems

    decision = AwardDecision.objects.get(number="1512/QĐ-TM-2026")
    bloc = Bloc.objects.get(name="Khối thi đua số 4")
    secretary = get_user_model().objects.get(username="thuky.k4")
    assert decision.recipients.count() >= 8
    assert certificate_can_print(user=secretary, bloc=bloc, year=2026)
    assert print_problems(decision=decision, bloc=bloc) == []


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
