"""Writing the Word drafts of a bloc's dossier: time, size and memory against the number of
nominees, to say whether they may be written inside the request.

    .venv/bin/python bench/word_drafts.py [--nominees 50 500 2000]

The drafts are written from what ``awards.drafts.dossier_read`` loads once (a fixed number of
queries, locked by tests/awards/test_drafts.py); writing them asks the database nothing. So
this measures the writing alone, on nominees made in memory as that read returns them: the
catalogue's awards, units of a bloc, and people with ranks and positions, a third of the
nominees collectives and the rest individuals. Each document is written three times; the
best wall and CPU times are shown (CPU time is what a loaded machine distorts least), and the
process's peak resident memory so far (ru_maxrss: lxml's own
memory included, which tracemalloc does not see), sizes growing, so its growth is what the
larger drafts took. Other processes on the machine slow the times down: say how loaded it was.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.utils import translation  # noqa: E402

from awards import drafts  # noqa: E402
from awards.models import AwardType, Proposal  # noqa: E402
from awards.rules import DEFAULT_AWARDS  # noqa: E402
from blocs.models import Bloc, Command, Person, Rank, Unit  # noqa: E402

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
GIVEN = ["Văn Hải", "Thị Thu", "Đức Anh", "Minh Tuấn", "Quốc Việt", "Thị Hồng", "Văn Thắng"]
RANKS = [Rank.CAPTAIN, Rank.MAJOR, Rank.SENIOR_COLONEL, Rank.DEFENCE_EMPLOYEE]


def dossier_of(size: int) -> drafts.Dossier:
    """A dossier of ``size`` nominees over 20 units, as ``dossier_read`` returns it."""
    command = Command(pk=1, name="Bộ Tổng Tham mưu")
    bloc = Bloc(pk=1, command=command, name="Khối thi đua số 4", document_code="KTĐ4")
    bloc.place = "Hà Nội"
    awards = []
    for pk, entry in enumerate(DEFAULT_AWARDS, start=1):
        fields = {k: v for k, v in entry.items() if k != "rules"}
        awards.append(AwardType(pk=pk, **fields))
    collective = [a for a in awards if a.nominee_kind == "collective"]
    individual = [a for a in awards if a.nominee_kind == "individual"]
    units = [Unit(pk=pk, name=f"Lữ đoàn {100 + pk}") for pk in range(1, 21)]
    proposals = []
    for index in range(size):
        unit = units[index % len(units)]
        if index % 3 == 0:
            award, person = collective[index % len(collective)], None
        else:
            award = individual[index % len(individual)]
            name = f"{SURNAMES[index % 10]} {GIVEN[index % 7]} {index}"
            person = Person(
                pk=index + 1,
                unit=unit,
                full_name=name,
                rank=RANKS[index % 4],
                position="Trợ lý",
            )
        proposals.append(Proposal(award=award, bloc=bloc, year=2026, unit=unit, person=person))
    return drafts.Dossier(
        bloc=bloc,
        year=2026,
        proposals=proposals,
        notice=None,
        leader_unit=units[0].name,
        leader_commander=None,
        drafted_in=2026,
        conferrers={drafts._key(a.level): a.issuing_authority for a in awards},
    )


def measure(write: Callable[[drafts.Dossier], bytes], dossier: drafts.Dossier) -> str:
    best = cpu = float("inf")
    for _run in range(3):
        start, start_cpu = time.perf_counter(), time.process_time()
        content = write(dossier)
        best = min(best, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return (
        f"{best * 1000:7.0f} ms {cpu * 1000:7.0f} ms {len(content) / 1024:6.0f} KiB {peak:5.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nominees", type=int, nargs="+", default=[50, 500, 2000])
    args = parser.parse_args()
    documents = {
        "covering letter": drafts.letter_docx,
        "list of nominees": drafts.nominees_docx,
        "draft decisions": drafts.decision_docx,
    }
    print(f"{'nominees':>8} {'document':<17} {'wall':>10} {'CPU':>10} {'size':>10} {'peak RSS':>8}")
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    with translation.override("vi"):
        for size in args.nominees:
            dossier = dossier_of(size)
            for label, write in documents.items():
                print(f"{size:>8} {label:<17} {measure(write, dossier)}")


if __name__ == "__main__":
    main()
