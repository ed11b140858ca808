"""Demo data: Bloc No. 4 of the General Staff in 2026 (DESIGN.md section 6).

Units and the campaign come from the article that started the project; every person other
than the officials the article names is invented.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from emulation_portal.lib import demo

from .models import (
    Bloc,
    Campaign,
    CampaignKind,
    Command,
    Membership,
    MembershipRole,
    Person,
    Rank,
    Role,
    RoleKind,
    Unit,
)

YEAR = 2026
# The demo year's calendar: the pledge is signed at the launch conference (units that miss it
# sign by the deadline), reviews are due before the bloc's year-end meeting, and the award
# decisions come after that meeting, once the nominees' public notice has run.
LAUNCH_CONFERENCE = datetime.date(YEAR, 3, 12)
SIGNING_DEADLINE = datetime.date(YEAR, 3, 31)
MID_YEAR_DUE = datetime.date(YEAR, 7, 15)
YEAR_END_DUE = datetime.date(YEAR, 12, 5)
YEAR_END_MEETING = datetime.date(YEAR, 12, 10)
UNIT_DECISIONS = datetime.date(YEAR, 12, 18)  # a unit's head on its people's titles
COMMAND_DECISIONS = datetime.date(YEAR, 12, 28)  # the General Staff on the bloc's units
THEME = "Đoàn kết, kỷ cương, đột phá, sáng tạo, quyết thắng"
FOCUS_AREAS = (
    "Thi đua xây dựng cơ quan, đơn vị vững mạnh về chính trị, tư tưởng, tổ chức.\n"
    "Giữ vững đoàn kết thống nhất, mẫu mực, quyết thắng.\n"
    "Chủ động, đổi mới sáng tạo, thi đua hoàn thành thắng lợi nhiệm vụ được giao."
)
KEY_ACTIVITIES = (
    "Thi đua thực hiện tốt “ba đột phá” theo Nghị quyết Đại hội đại biểu Đảng bộ Quân đội "
    "lần thứ XII.\n"
    "Tổ chức tốt các hoạt động thi đua trọng điểm; sơ kết, tổng kết, nhân rộng điển hình tiên "
    "tiến.\n"
    "Tiến hành công tác khen thưởng bảo đảm dân chủ, công khai, chặt chẽ, kịp thời, đúng "
    "nguyên tắc, quy trình, thủ tục."
)

# (login, unit name, short name, role in the bloc, commander: rank, name, position)
UNITS = [
    (
        "ktmm",
        "Trường Cao đẳng Kỹ thuật Mật mã",
        "CĐKTMM",
        MembershipRole.LEADER,
        Rank.SENIOR_COLONEL,
        "Nguyễn Văn Thành",
        "Hiệu trưởng",
    ),
    (
        "ld144",
        "Lữ đoàn 144",
        "LĐ 144",
        MembershipRole.DEPUTY,
        Rank.SENIOR_COLONEL,
        "Lê Quang Vinh",
        "Lữ đoàn trưởng",
    ),
    (
        "dnl",
        "Đoàn Nghi lễ Quân đội",
        "ĐNL",
        MembershipRole.MEMBER,
        Rank.SENIOR_COLONEL,
        "Phạm Đức Thắng",
        "Đoàn trưởng",
    ),
    (
        "tct789",
        "Tổng công ty 789",
        "TCT 789",
        MembershipRole.MEMBER,
        Rank.SENIOR_COLONEL,
        "Hoàng Minh Tuấn",
        "Tổng Giám đốc",
    ),
    (
        "ct59",
        "Công ty TNHH MTV 59",
        "CT 59",
        MembershipRole.MEMBER,
        Rank.COLONEL,
        "Đỗ Thị Hương",
        "Giám đốc",
    ),
    (
        "ql166",
        "Ban Quản lý dự án 166 Bộ Quốc phòng",
        "BQLDA 166",
        MembershipRole.MEMBER,
        Rank.COLONEL,
        "Vũ Ngọc Sơn",
        "Trưởng ban",
    ),
]

# Each unit's people besides its commander (full name, rank, position), invented: officers,
# soldiers, defence workers and public employees, as a real unit has them.
PEOPLE = {
    "ktmm": [
        ("Trần Đoàn Viết", Rank.SENIOR_COLONEL, "Chính ủy"),
        ("Nguyễn Hữu Phước", Rank.COLONEL, "Phó Hiệu trưởng"),
        ("Lương Thị Thu Trang", Rank.LIEUTENANT_COLONEL, "Trưởng khoa Kỹ thuật mật mã"),
        ("Đinh Công Minh", Rank.CAPTAIN, "Giảng viên"),
        ("Hà Thị Mai", Rank.DEFENCE_EMPLOYEE, "Nhân viên thư viện"),
    ],
    "ld144": [
        ("Nguyễn Văn Khánh", Rank.SENIOR_COLONEL, "Chính ủy"),
        ("Phan Đình Tùng", Rank.COLONEL, "Phó Lữ đoàn trưởng, Tham mưu trưởng"),
        ("Bùi Xuân Hòa", Rank.LIEUTENANT_COLONEL, "Tiểu đoàn trưởng Tiểu đoàn 1"),
        ("Trịnh Văn Long", Rank.CAPTAIN, "Đại đội trưởng Đại đội 2"),
        ("Lò Văn Sơn", Rank.SENIOR_LIEUTENANT, "Trung đội trưởng"),
        ("Nguyễn Đức Anh", Rank.SERGEANT, "Tiểu đội trưởng"),
        ("Vương Minh Quân", Rank.PRIVATE_FIRST_CLASS, "Chiến sĩ thông tin"),
        ("Đặng Thị Lan", Rank.DEFENCE_WORKER, "Nhân viên quân y"),
    ],
    "dnl": [
        ("Lê Minh Đức", Rank.SENIOR_COLONEL, "Chính ủy"),
        ("Phùng Văn Hải", Rank.LIEUTENANT_COLONEL, "Tiểu đoàn trưởng Tiểu đoàn Tiêu binh"),
        ("Cao Xuân Thịnh", Rank.CAPTAIN, "Đội trưởng Đội Quân nhạc"),
        ("Hoàng Văn Nam", Rank.CORPORAL, "Tiêu binh"),
    ],
    "tct789": [
        ("Trương Quốc Việt", Rank.COLONEL, "Phó Tổng Giám đốc"),
        ("Ngô Thị Hạnh", Rank.LIEUTENANT_COLONEL, "Trưởng phòng Kế hoạch"),
        ("Lý Văn Tài", Rank.DEFENCE_EMPLOYEE, "Kỹ sư xây dựng"),
        ("Mai Văn Bình", Rank.DEFENCE_WORKER, "Tổ trưởng thi công"),
    ],
    "ct59": [
        ("Tạ Quang Huy", Rank.LIEUTENANT_COLONEL, "Phó Giám đốc"),
        ("Chu Minh Tâm", Rank.MAJOR, "Trưởng phòng Kỹ thuật"),
        ("Nguyễn Thị Bích", Rank.DEFENCE_EMPLOYEE, "Kế toán trưởng"),
        ("Vũ Văn Thắng", Rank.DEFENCE_WORKER, "Công nhân cơ khí"),
    ],
    "ql166": [
        ("Lê Thị Ngọc", Rank.LIEUTENANT_COLONEL, "Phó Trưởng ban"),
        ("Hồ Sỹ Dũng", Rank.MAJOR, "Trưởng phòng Quản lý dự án"),
        ("Đoàn Văn Lực", Rank.DEFENCE_EMPLOYEE, "Kỹ sư giám sát"),
    ],
}

DEMO_PASSWORD = "demo-2026"  # noqa: S105 (local demo only; production refuses demo data)


def _user(username: str, family: str, given: str, *, superuser: bool = False) -> object:
    """Vietnamese order: family and middle names first, so get_full_name() reads right."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": family,
            "last_name": given,
            "is_staff": superuser,
            "email": f"{username}@khoi4.example",
        },
    )
    if created:
        user.is_superuser = superuser
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["is_superuser", "password"])
    return user


@demo.register
@transaction.atomic
def demo_data_load() -> list[tuple[str, str]]:
    """Create or complete the demo data; returns (login, description) of the demo accounts."""
    command, _ = Command.objects.get_or_create(
        name="Bộ Tổng Tham mưu", defaults={"short_name": "BTTM"}
    )
    bloc, _ = Bloc.objects.get_or_create(
        command=command,
        name="Khối thi đua số 4",
        defaults={"document_code": "KTĐ4", "place": "Hà Nội"},
    )
    accounts = [("admin", "Quản trị hệ thống")]
    _user("admin", "Quản trị", "hệ thống", superuser=True)
    for login, name, short, role, rank, commander, position in UNITS:
        unit, _ = Unit.objects.get_or_create(name=name, defaults={"short_name": short})
        Membership.objects.get_or_create(
            unit=unit, year=YEAR, defaults={"bloc": bloc, "role": role}
        )
        user = _user(f"chihuy.{login}", *commander.rsplit(" ", 1))
        Person.objects.get_or_create(
            unit=unit,
            full_name=commander,
            defaults={"rank": rank, "position": position, "is_commander": True, "user": user},
        )
        Role.objects.get_or_create(user=user, kind=RoleKind.COMMANDER, unit=unit)
        accounts.append((f"chihuy.{login}", f"Chỉ huy {name}"))
        for full_name, person_rank, person_position in PEOPLE[login]:
            Person.objects.get_or_create(
                unit=unit,
                full_name=full_name,
                defaults={"rank": person_rank, "position": person_position},
            )
    school = Unit.objects.get(name=UNITS[0][1])
    secretary = _user("thuky.k4", "Trần Thu", "Hà")
    Person.objects.get_or_create(
        unit=school,
        full_name="Trần Thu Hà",
        defaults={"rank": Rank.MAJOR, "position": "Trợ lý thi đua", "user": secretary},
    )
    Role.objects.get_or_create(user=secretary, kind=RoleKind.SECRETARIAT, unit=school)
    accounts.insert(1, ("thuky.k4", "Thư ký Khối thi đua số 4 (Trường CĐ Kỹ thuật Mật mã)"))
    reviewer = _user("chinhtri.bttm", "Bùi Văn", "Khải")
    Role.objects.get_or_create(user=reviewer, kind=RoleKind.REVIEWER, command=command)
    accounts.append(("chinhtri.bttm", "Cán bộ chính trị Bộ Tổng Tham mưu"))
    superior = _user("captren.bttm", "Ngô Quốc", "Bảo")
    Role.objects.get_or_create(user=superior, kind=RoleKind.SUPERIOR, command=command)
    accounts.append(("captren.bttm", "Cấp trên (chỉ xem) Bộ Tổng Tham mưu"))
    Campaign.objects.get_or_create(
        bloc=bloc,
        year=YEAR,
        kind=CampaignKind.YEARLY,
        defaults={
            "name": f"Phong trào Thi đua Quyết thắng năm {YEAR}",
            "theme": THEME,
            "focus_areas": FOCUS_AREAS,
            "key_activities": KEY_ACTIVITIES,
            "start_date": datetime.date(YEAR, 1, 1),
            "end_date": datetime.date(YEAR, 12, 31),
            "launch_place": "Trường Cao đẳng Kỹ thuật Mật mã",
            "launch_date": LAUNCH_CONFERENCE,
        },
    )
    return accounts
