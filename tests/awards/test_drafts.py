"""Word drafts of the bloc's dossier: the covering letter, the list of nominees and a draft
decision with its attached list, downloaded from the notice page and opened with python-docx."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from docx import Document
from docx.document import Document as WordDocument
from docx.shared import Mm, Pt

from awards import proposals
from awards.models import AwardRule, AwardType, RuleKind
from awards.rules import DOSSIER, awards_ensure
from blocs.models import Rank
from tests.awards.conftest import noticed
from tests.conftest import YEAR, World, leader_commander_create
from tests.factories import PersonFactory

DRAFTS = ["awards:letter_docx", "awards:nominees_docx", "awards:decision_docx"]
LINKS = {"awards:letter_docx": "letter-docx", "awards:nominees_docx": "nominees-docx"}
LINKS["awards:decision_docx"] = "decision-docx"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _nominate(world: World, actor: str, code: str, **nominee: Any) -> Any:
    award = AwardType.objects.get(code=code)
    proposal = proposals.proposal_create(
        user=world.users[actor],
        award=award,
        bloc=world.bloc,
        year=YEAR,
        unit=nominee.pop("unit", world.member_unit),
        person=nominee.pop("person", None),
        data={
            "achievement": "Hoàn thành xuất sắc nhiệm vụ huấn luyện, sẵn sàng chiến đấu",
            "no_discipline": True,
            "members_total": 100,
            "members_with_title": 60,
            "documents": DOSSIER,
        },
    )
    return proposal


def _dossier(world: World) -> dict[str, Any]:
    """Four nominees submitted through the services, made public: a command's Bằng khen for the
    leading unit (its two-year condition overridden), the bloc's Đơn vị tiên tiến for the
    member unit, and two of its people, one a Chiến sĩ tiên tiến and one a Giấy khen."""
    awards_ensure(AwardType, AwardRule)
    leader_commander_create(world)
    hai = PersonFactory(
        unit=world.member_unit, full_name="Lê Văn Hải", rank=Rank.CAPTAIN, position="Đại đội trưởng"
    )
    thu = PersonFactory(
        unit=world.member_unit,
        full_name="Phạm Thị Thu",
        rank=Rank.DEFENCE_EMPLOYEE,
        position="Nhân viên văn thư",
    )
    secretariat, commander = world.users["secretariat"], world.users["commander"]
    bang_khen = _nominate(world, "secretariat", "bang-khen-tttm", unit=world.leader_unit)
    proposals.proposal_override(
        user=secretariat,
        proposal=bang_khen,
        rule=next(
            rule
            for rule in proposals.rules_in_force(award=bang_khen.award, year=YEAR)
            if rule.kind == RuleKind.CONSECUTIVE_YEARS
        ),
        reason="Năm 2025 đơn vị mới thành lập",
    )
    nominees = [
        bang_khen,
        _nominate(world, "commander", "don-vi-tien-tien"),
        _nominate(world, "commander", "chien-si-tien-tien", person=hai),
        _nominate(world, "commander", "giay-khen", person=thu),
    ]
    for proposal in nominees:
        actor = secretariat if proposal is bang_khen else commander
        proposals.proposal_submit(user=actor, proposal=proposal)
    notice = noticed(nominees[0], secretariat)
    return {"nominees": nominees, "notice": notice}


def _download(django_app: Any, world: World, name: str) -> tuple[Any, WordDocument]:
    """Open the notice page as the secretariat and follow the Word link it offers."""
    page = django_app.get(
        reverse("awards:notice_detail", args=[world.bloc.pk, YEAR]), user="secretariat"
    )
    response = page.click(linkid=LINKS[name])
    assert response.content_type == DOCX
    return response, Document(io.BytesIO(response.body))


def _filename(response: Any) -> str:
    return unquote(response.headers["Content-Disposition"].split("''", 1)[1])


def _paragraphs(document: WordDocument) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def _cells(table: Any) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def _runs(document: WordDocument, text: str) -> list[Any]:
    """The runs spelling ``text`` anywhere in the document, tables included."""
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    return [run for p in paragraphs for run in p.runs if run.text == text]


def test_covering_letter_is_a_word_draft_in_the_administrative_layout(
    world: World, django_app: Any
) -> None:
    notice = _dossier(world)["notice"]
    response, document = _download(django_app, world, "awards:letter_docx")
    assert _filename(response) == f"Tờ trình {world.bloc.name} {YEAR}.docx"
    section = document.sections[0]
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin]
    assert [round(m / Mm(1)) for m in margins] == [20, 20, 30]
    assert round(section.right_margin / Mm(1)) == 15
    normal = document.styles["Normal"].font
    assert (normal.name, normal.size) == ("Times New Roman", Pt(14))

    header = _cells(document.tables[0])[0]
    signed_in = timezone.localdate().year
    assert header[0].split("\n") == [
        world.command.name.upper(),
        world.bloc.name.upper(),
        "",  # the rule under the issuing body
        f"Số: ......./TTr-{world.bloc.document_code}",
    ]
    assert header[1].split("\n") == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        f"Hà Nội, ngày ....... tháng ....... năm {signed_in}",
    ]
    (motto,) = _runs(document, "Độc lập - Tự do - Hạnh phúc")
    assert motto.bold and motto.underline
    assert _runs(document, world.bloc.name.upper())[0].bold

    text = _paragraphs(document)
    start = date_format(notice.starts_on, "d/m/Y")
    end = date_format(notice.ends_on, "d/m/Y")
    command, bloc = world.command.name, world.bloc.name
    assert text[:7] == [
        "TỜ TRÌNH",
        f"Về việc đề nghị khen thưởng năm {YEAR}",
        f"Kính gửi: Thủ trưởng {command}.",
        "Căn cứ Luật Thi đua, khen thưởng năm 2022 và các văn bản hướng dẫn thi hành;",
        f"Căn cứ kết quả bình xét thi đua năm {YEAR} của {bloc} và kết quả công khai danh sách "
        f"đề nghị khen thưởng từ ngày {start} đến ngày {end} (10 ngày làm việc);",
        f"{bloc} kính trình Thủ trưởng {command} xem xét, khen thưởng cho 02 tập thể và 02 cá "
        f"nhân đã có thành tích xuất sắc trong phong trào thi đua năm {YEAR}, cụ thể như sau:",
        "- Bằng khen của Tổng Tham mưu trưởng: 01 tập thể;",
    ]
    assert "- Đơn vị tiên tiến: 01 tập thể;" in text and "- Giấy khen: 01 cá nhân." in text
    assert f"Kính trình Thủ trưởng {command} xem xét, quyết định./." in text

    recipients, signature = _cells(document.tables[1])[0]
    assert recipients.split("\n") == [
        "Nơi nhận:",
        "- Như trên;",
        "- Các đơn vị thành viên Khối;",
        "- Lưu: VT.",
    ]
    lines = [line for line in signature.split("\n") if line]
    assert lines == [
        "TM. KHỐI THI ĐUA",
        "KHỐI TRƯỞNG",
        world.leader_unit.name,
        "Đại tá Nguyễn Văn Thành",
    ]


def test_list_of_nominees_is_a_word_table_grouped_by_award(world: World, django_app: Any) -> None:
    _dossier(world)
    response, document = _download(django_app, world, "awards:nominees_docx")
    assert _filename(response) == f"Danh sách đề nghị khen thưởng {world.bloc.name} {YEAR}.docx"
    text = _paragraphs(document)
    signed_in = timezone.localdate().year
    code, bloc = world.bloc.document_code, world.bloc.name
    assert text[:3] == [
        "DANH SÁCH",
        f"Đề nghị khen thưởng năm {YEAR}",
        f"(Kèm theo Tờ trình số ......./TTr-{code} ngày ....... tháng ....... năm {signed_in} "
        f"của {bloc})",
    ]
    rows = _cells(document.tables[1])
    member, leader = world.member_unit.name, world.leader_unit.name
    assert rows == [
        [
            "TT",
            "Họ và tên / Đơn vị",
            "Cấp bậc",
            "Chức vụ",
            "Danh hiệu, hình thức khen thưởng đề nghị",
            "Ghi chú",
        ],
        ["I. Bằng khen của Tổng Tham mưu trưởng (01 tập thể)"] * 6,
        ["1", leader, "", "", "Bằng khen của Tổng Tham mưu trưởng", ""],
        ["II. Chiến sĩ tiên tiến (01 cá nhân)"] * 6,
        ["1", f"Lê Văn Hải\n{member}", "Đại úy", "Đại đội trưởng", "Chiến sĩ tiên tiến", ""],
        ["III. Đơn vị tiên tiến (01 tập thể)"] * 6,
        ["1", member, "", "", "Đơn vị tiên tiến", ""],
        ["IV. Giấy khen (01 cá nhân)"] * 6,
        [
            "1",
            f"Phạm Thị Thu\n{member}",
            "Viên chức quốc phòng",
            "Nhân viên văn thư",
            "Giấy khen",
            "",
        ],
    ]
    assert "Tổng số: 02 tập thể và 02 cá nhân./." in text


def test_draft_decision_per_conferring_authority_with_its_list(
    world: World, django_app: Any
) -> None:
    nominees = _dossier(world)["nominees"]
    response, document = _download(django_app, world, "awards:decision_docx")
    assert _filename(response) == f"Dự thảo quyết định {world.bloc.name} {YEAR}.docx"
    text = _paragraphs(document)
    member, command = world.member_unit.name, world.command.name
    # One decision per authority that may confer the awards, each with its list.
    assert text.count("DỰ THẢO") == 3 and text.count("QUYẾT ĐỊNH:") == 3
    assert [t for t in text if t.startswith("Về việc")] == [
        "Về việc tặng Bằng khen của Tổng Tham mưu trưởng",
        "Về việc tặng danh hiệu Chiến sĩ tiên tiến; Giấy khen",
        "Về việc tặng danh hiệu Đơn vị tiên tiến",
    ]
    positions = [
        "TỔNG THAM MƯU TRƯỞNG",
        f"THỦ TRƯỞNG {member.upper()}",
        f"THỦ TRƯỞNG {command.upper()}",
    ]
    assert [t for t in text if t in positions] == positions
    issuers = [_cells(t)[0][0].split("\n")[:-2] for t in document.tables[0::3]]
    assert issuers == [["BỘ TỔNG THAM MƯU"], [command.upper(), member.upper()], [command.upper()]]
    assert (
        "Điều 1. Tặng danh hiệu Chiến sĩ tiên tiến; Giấy khen cho 02 cá nhân của "
        f"{world.bloc.name} đã có thành tích xuất sắc trong phong trào thi đua năm {YEAR} "
        "(có danh sách kèm theo)."
    ) in text
    assert "Điều 2. Quyết định có hiệu lực thi hành kể từ ngày ký." in text
    lists = [_cells(t) for t in document.tables[2::3]]
    assert [len(rows) - 1 for rows in lists] == [2, 4, 2]  # the header, then heading and rows
    assert lists[0][0][4] == "Danh hiệu, hình thức khen thưởng"  # conferred, no longer proposed
    assert lists[1][2][1] == f"Lê Văn Hải\n{member}" and lists[1][4][1] == f"Phạm Thị Thu\n{member}"
    signature = [line for line in _cells(document.tables[1])[0][1].split("\n") if line]
    assert signature == ["TỔNG THAM MƯU TRƯỞNG", "......."]
    # Each draft is one the portal would let the reviewer record.
    for draft_issuer, position, names in [
        ("Bộ Tổng Tham mưu", "Tổng Tham mưu trưởng", ["bang-khen-tttm"]),
        (member, f"Thủ trưởng {member}", ["chien-si-tien-tien", "giay-khen"]),
        (command, f"Thủ trưởng {command}", ["don-vi-tien-tien"]),
    ]:
        granted = [p for p in nominees if p.award.code in names]
        assert not proposals.decision_conferral_problems(
            authority=draft_issuer, signer_position=position, proposals=granted
        )


def test_an_empty_dossier_sends_the_secretariat_back_with_a_word(
    world: World, django_app: Any
) -> None:
    for name in DRAFTS:
        response = django_app.get(
            reverse(name, args=[world.bloc.pk, YEAR]), user="secretariat"
        ).follow()
        assert "Chưa có hồ sơ đề nghị đã trình để đưa vào bộ hồ sơ." in response.text


def test_drafts_follow_the_language_chosen(world: World, django_app: Any) -> None:
    _dossier(world)
    django_app.set_cookie("django_language", "en")
    _response, document = _download(django_app, world, "awards:letter_docx")
    text = _paragraphs(document)
    assert (
        text[0] == "SUBMISSION"
        and "SOCIALIST REPUBLIC OF VIETNAM" in _cells(document.tables[0])[0][1]
    )


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("anonymous", 302),  # to the login page
        ("other_commander", 404),  # a commander of another bloc does not learn it exists
        ("other_secretariat", 404),
        ("superior", 403),  # reads the bloc, prints nothing
        ("reviewer", 403),
        ("commander", 403),  # a member unit's commander
    ],
)
def test_only_the_secretariat_of_the_year_downloads_the_drafts(
    world: World, actor: str, status: int
) -> None:
    _dossier(world)
    client = world.client(actor)
    for name in DRAFTS:
        response = client.get(reverse(name, args=[world.bloc.pk, YEAR]))
        assert response.status_code == status, name
        if status == 302:
            assert "login" in response["Location"]
        assert response.get("Content-Type") != DOCX


def test_drafts_of_another_year_are_refused_to_this_years_secretariat(world: World) -> None:
    _dossier(world)
    for name in DRAFTS:
        response = world.client("secretariat").get(reverse(name, args=[world.bloc.pk, YEAR + 3]))
        assert response.status_code == 403


def test_the_notice_page_offers_the_drafts_only_to_who_may_print_them(
    world: World, django_app: Any
) -> None:
    _dossier(world)
    url = reverse("awards:notice_detail", args=[world.bloc.pk, YEAR])
    for actor in ("superior", "reviewer", "commander"):
        page = django_app.get(url, user=actor)
        assert not page.html.select("#dossier-documents"), actor
    page = django_app.get(url, user="secretariat")
    links = {a["id"] for a in page.html.select("#dossier-documents a")}
    assert links == set(LINKS.values())
    assert page.html.select_one("#dossier-pdf")


def _queries(world: World) -> list[int]:
    client = world.client("secretariat")
    client.get("/")  # the session's own bookkeeping
    counts = []
    for name in DRAFTS:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name, args=[world.bloc.pk, YEAR])).status_code == 200
        counts.append(len(queries))
    return counts


def test_drafts_ask_as_many_queries_for_four_nominees_as_for_one(world: World) -> None:
    awards_ensure(AwardType, AwardRule)
    leader_commander_create(world)
    commander = world.users["commander"]
    proposals.proposal_submit(
        user=commander, proposal=_nominate(world, "commander", "don-vi-tien-tien")
    )
    one = _queries(world)
    for person in PersonFactory.create_batch(3, unit=world.member_unit):
        proposal = _nominate(world, "commander", "chien-si-tien-tien", person=person)
        proposals.proposal_submit(user=commander, proposal=proposal)
    assert _queries(world) == one
