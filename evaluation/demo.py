from __future__ import annotations

from decimal import Decimal

from blocs.demo import YEAR
from blocs.models import Bloc
from emulation_portal.lib import demo

from .models import CriteriaTable, Criterion, VotingRule
from .rules import voting_rules_ensure

# (group, criterion, kind, maximum): an invented but plausible score table for the demo.
POLITICAL = "Thực hiện nhiệm vụ chính trị trung tâm"
BUILDING = "Xây dựng đơn vị vững mạnh toàn diện"
DEMO_CRITERIA = [
    (POLITICAL, "Hoàn thành chỉ tiêu, nhiệm vụ được giao", "regular", 30),
    (POLITICAL, "Chất lượng huấn luyện, giáo dục, sản xuất", "regular", 20),
    (BUILDING, "Vững mạnh về chính trị, tư tưởng, tổ chức", "regular", 20),
    (BUILDING, "Chấp hành kỷ luật, bảo đảm an toàn", "regular", 10),
    ("Công tác thi đua, khen thưởng", "Tổ chức phong trào, nhân rộng điển hình", "regular", 20),
    ("Điểm thưởng", "Sáng kiến, đề tài được công nhận", "bonus", 5),
    ("Điểm trừ", "Vi phạm kỷ luật, mất an toàn", "penalty", 10),
]


@demo.register
def evaluation_demo_load() -> list[tuple[str, str]]:
    voting_rules_ensure(VotingRule)
    bloc = Bloc.objects.filter(name="Khối thi đua số 4").first()
    if bloc is not None and not CriteriaTable.objects.filter(bloc=bloc, year=YEAR).exists():
        table = CriteriaTable.objects.create(
            bloc=bloc, year=YEAR, bonus_cap=Decimal(5), penalty_cap=Decimal(10)
        )
        Criterion.objects.bulk_create(
            Criterion(
                table=table, group=group, order=order, name=name, kind=kind, max_points=maximum
            )
            for order, (group, name, kind, maximum) in enumerate(DEMO_CRITERIA, start=1)
        )
    return []
