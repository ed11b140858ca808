"""Seed Vietnam's public holidays, compensatory days off and working days for 2025 to 2027.

The rows are frozen here as they were when this migration was written; they are ordinary rows
that an administrator corrects in the admin (Holiday calendar). Each row's ``source`` says
where its date comes from. Three kinds of date:

Fixed by the Labour Code 2019 (Bộ luật Lao động 2019, art. 112(1)), no schedule needed:
Tết Dương lịch 1/1, Ngày Chiến thắng 30/4, Ngày Quốc tế Lao động 1/5, Quốc khánh 2/9, and
Giỗ Tổ Hùng Vương on 10/3 of the lunar calendar (7/4/2025, 26/4/2026, 16/4/2027, converted with
the Vietnamese lunar tables of the `holidays` package, vacanza/holidays). A holiday that falls on
a weekend gives a compensatory day off on the next working day (art. 111(3)): Monday 27/4/2026
(Giỗ Tổ on a Sunday; as reported by thanhnien.vn, 23/02/2026) and Monday 3/5/2027 (1/5 on a
Saturday).

Confirmed by the Government's yearly schedule (as the press reported it; the documents
themselves are not in the sources consulted):
- 2025: Văn phòng Chính phủ 8726/VPCP-KGVX of 26/11/2024 (pld.net.vn; vietnamnews.vn and
  en.sggp.org.vn, 27/11/2024): Tết Ất Tỵ off Monday 27/1 to Friday 31/1 (28 tháng Chạp to
  mùng 3); 30/4 to 4/5 off, Friday 2/5 swapped with Saturday 26/4 worked (aeonmall-tanphuceladon
  page of 08/04/2025 names the swap); Quốc khánh 30/8 to 2/9, so 1/9 is the adjacent day.
- 2026: Văn phòng Chính phủ 12729/VPCP-KGVX of 25/12/2025 (tracuuquyhoach.com): Tết Dương lịch
  1/1 to 4/1, Friday 2/1 swapped with Saturday 10/1 worked. The Prime Minister's approval of
  13/10/2025 (tienphong.vn, thanhnien.vn, kienthuc.net.vn, congan.com.vn, en.sggp.org.vn): Tết
  Bính Ngọ 14/2 to 22/2, the five days off Monday 16/2 to Friday 20/2; Quốc khánh 29/8 to 2/9,
  1/9 the adjacent day, Monday 31/8 swapped with Saturday 22/8 worked.

Rule-based defaults that an administrator must confirm against the official schedule (none
was found for 2027):
- Tết Đinh Mùi 2027 (mùng 1 is Saturday 6/2): five days off Thursday 4/2, Friday 5/2 (giao
  thừa), Monday 8/2 to Wednesday 10/2, i.e. the five Tết days with mùng 1 moved to the working
  day before and mùng 2 to the working day after, the rule the `holidays` package applies since
  2014. Any swap the Government adds is missing.
- Quốc khánh 2027: Friday 3/9 as the adjacent day (2/9 is a Thursday); the Prime Minister
  chooses 1/9 or 3/9.
- No swap is seeded for 2027 and none for Tết Dương lịch 2025 (none was found).

Not seeded: Ngày Văn hóa Việt Nam (24/11). The Politburo's Resolution 80-NQ/TW (January 2026)
makes it a paid day off in principle and the Government's Resolution 30/NQ-CP (February 2026)
asks for art. 112(1) to be amended; no amendment in force was found. Add it in the admin once
the law lists it.
"""

from __future__ import annotations

from django.db import migrations

LAW = "Bộ luật Lao động 2019, Điều 112 khoản 1"
LAW_MAKEUP = "Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù vào ngày làm việc kế tiếp)"
VPCP_2025 = "Công văn 8726/VPCP-KGVX ngày 26/11/2024 của Văn phòng Chính phủ"
VPCP_2026_NEW_YEAR = "Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ"
VPCP_2026 = "Ý kiến Thủ tướng Chính phủ ngày 13/10/2025 về nghỉ Tết Âm lịch, Quốc khánh năm 2026"
TO_CONFIRM = (
    "Mặc định theo Bộ luật Lao động 2019 (Điều 111, 112), chưa có lịch nghỉ chính thức: "
    "quản trị viên đối chiếu và xác nhận"
)
DAY_OFF, WORKING_DAY = "day_off", "working_day"

# date, kind, name, source
HOLIDAYS: list[tuple[str, str, str, str]] = [
    ("2025-01-01", DAY_OFF, "Tết Dương lịch", LAW),
    ("2025-01-27", DAY_OFF, "Tết Nguyên đán Ất Tỵ (28 tháng Chạp)", VPCP_2025),
    ("2025-01-28", DAY_OFF, "Tết Nguyên đán Ất Tỵ (29 tháng Chạp, giao thừa)", VPCP_2025),
    ("2025-01-29", DAY_OFF, "Tết Nguyên đán Ất Tỵ (mùng 1)", VPCP_2025),
    ("2025-01-30", DAY_OFF, "Tết Nguyên đán Ất Tỵ (mùng 2)", VPCP_2025),
    ("2025-01-31", DAY_OFF, "Tết Nguyên đán Ất Tỵ (mùng 3)", VPCP_2025),
    ("2025-04-07", DAY_OFF, "Giỗ Tổ Hùng Vương (10/3 âm lịch)", LAW),
    ("2025-04-26", WORKING_DAY, "Làm bù cho thứ Sáu 02/5/2025", VPCP_2025),
    ("2025-04-30", DAY_OFF, "Ngày Chiến thắng (30/4)", LAW),
    ("2025-05-01", DAY_OFF, "Ngày Quốc tế Lao động (1/5)", LAW),
    ("2025-05-02", DAY_OFF, "Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)", VPCP_2025),
    ("2025-09-01", DAY_OFF, "Quốc khánh (ngày liền kề)", VPCP_2025),
    ("2025-09-02", DAY_OFF, "Quốc khánh (2/9)", LAW),
    ("2026-01-01", DAY_OFF, "Tết Dương lịch", LAW),
    ("2026-01-02", DAY_OFF, "Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)", VPCP_2026_NEW_YEAR),
    ("2026-01-10", WORKING_DAY, "Làm bù cho thứ Sáu 02/01/2026", VPCP_2026_NEW_YEAR),
    ("2026-02-16", DAY_OFF, "Tết Nguyên đán Bính Ngọ (29 tháng Chạp, giao thừa)", VPCP_2026),
    ("2026-02-17", DAY_OFF, "Tết Nguyên đán Bính Ngọ (mùng 1)", VPCP_2026),
    ("2026-02-18", DAY_OFF, "Tết Nguyên đán Bính Ngọ (mùng 2)", VPCP_2026),
    ("2026-02-19", DAY_OFF, "Tết Nguyên đán Bính Ngọ (mùng 3)", VPCP_2026),
    ("2026-02-20", DAY_OFF, "Tết Nguyên đán Bính Ngọ (mùng 4)", VPCP_2026),
    ("2026-04-26", DAY_OFF, "Giỗ Tổ Hùng Vương (10/3 âm lịch)", LAW),
    ("2026-04-27", DAY_OFF, "Nghỉ bù Giỗ Tổ Hùng Vương", LAW_MAKEUP),
    ("2026-04-30", DAY_OFF, "Ngày Chiến thắng (30/4)", LAW),
    ("2026-05-01", DAY_OFF, "Ngày Quốc tế Lao động (1/5)", LAW),
    ("2026-08-22", WORKING_DAY, "Làm bù cho thứ Hai 31/8/2026", VPCP_2026),
    ("2026-08-31", DAY_OFF, "Nghỉ hoán đổi (làm bù thứ Bảy 22/8/2026)", VPCP_2026),
    ("2026-09-01", DAY_OFF, "Quốc khánh (ngày liền kề)", VPCP_2026),
    ("2026-09-02", DAY_OFF, "Quốc khánh (2/9)", LAW),
    ("2027-01-01", DAY_OFF, "Tết Dương lịch", LAW),
    ("2027-02-04", DAY_OFF, "Tết Nguyên đán Đinh Mùi (trước giao thừa)", TO_CONFIRM),
    ("2027-02-05", DAY_OFF, "Tết Nguyên đán Đinh Mùi (giao thừa)", TO_CONFIRM),
    ("2027-02-08", DAY_OFF, "Tết Nguyên đán Đinh Mùi (mùng 3)", TO_CONFIRM),
    ("2027-02-09", DAY_OFF, "Tết Nguyên đán Đinh Mùi (mùng 4)", TO_CONFIRM),
    ("2027-02-10", DAY_OFF, "Tết Nguyên đán Đinh Mùi (mùng 5)", TO_CONFIRM),
    ("2027-04-16", DAY_OFF, "Giỗ Tổ Hùng Vương (10/3 âm lịch)", LAW),
    ("2027-04-30", DAY_OFF, "Ngày Chiến thắng (30/4)", LAW),
    ("2027-05-01", DAY_OFF, "Ngày Quốc tế Lao động (1/5)", LAW),
    ("2027-05-03", DAY_OFF, "Nghỉ bù Ngày Quốc tế Lao động", LAW_MAKEUP),
    ("2027-09-02", DAY_OFF, "Quốc khánh (2/9)", LAW),
    ("2027-09-03", DAY_OFF, "Quốc khánh (ngày liền kề)", TO_CONFIRM),
]


def seed(apps, schema_editor):
    """Add the missing days; a day an administrator already entered is left as it is."""
    holiday_model = apps.get_model("awards", "PublicHoliday")
    for date, kind, name, source in HOLIDAYS:
        holiday_model.objects.get_or_create(
            date=date, defaults={"kind": kind, "name": name, "source": source}
        )


def unseed(apps, schema_editor):
    """Remove the seeded days nobody changed since."""
    holiday_model = apps.get_model("awards", "PublicHoliday")
    for date, kind, name, source in HOLIDAYS:
        holiday_model.objects.filter(date=date, kind=kind, name=name, source=source).delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0020_public_holiday_kind")]
    operations = [migrations.RunPython(seed, unseed)]
