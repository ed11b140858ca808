"""bin/run tells the portal where it is reached, so QR codes and e-mail links point there."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

# Stand-ins for what bin/run starts: each records the address the portal was given.
RECORDER = """#!/usr/bin/env bash
echo "$(basename "$0") $* | $PORTAL_BASE_URL | ${DJANGO_ALLOWED_HOSTS:-}" >>"$RUN_LOG"
if [ "${2:-}" = runserver ]; then  # let the worker record before bin/run stops it
  for _ in $(seq 50); do grep -q '^celery' "$RUN_LOG" && break; sleep 0.1; done
fi
"""


def _executable(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def run(tmp_path: Path):
    """bin/run in a copy of the tree whose setup, Python and Celery only record their calls;
    the machine's own address is 10.1.2.3."""
    shutil.copy(Path(settings.BASE_DIR) / "bin" / "run", tmp_path / "run")
    _executable(tmp_path / "bin" / "run", (tmp_path / "run").read_text())
    _executable(tmp_path / "bin" / "setup", "#!/usr/bin/env bash\n")
    _executable(tmp_path / ".venv" / "bin" / "python", RECORDER)
    _executable(tmp_path / ".venv" / "bin" / "celery", RECORDER)
    _executable(tmp_path / "fakebin" / "hostname", "#!/bin/sh\necho '10.1.2.3 fe80::1'\n")
    (tmp_path / "var").mkdir()
    log = tmp_path / "calls.log"

    def start(**env: str) -> dict[str, tuple[str, str]]:
        clean = {
            k: v
            for k, v in os.environ.items()
            if k not in ("PORTAL_ADDRESS", "PORTAL_BASE_URL", "DJANGO_ALLOWED_HOSTS")
        }
        path = f"{tmp_path / 'fakebin'}:{os.environ['PATH']}"
        result = subprocess.run(
            ["bash", str(tmp_path / "bin" / "run")],
            env={**clean, "PATH": path, "RUN_LOG": str(log), **env},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert log.exists(), result.stdout + result.stderr
        calls = {}
        for line in log.read_text().splitlines():
            command, base_url, hosts = (part.strip() for part in line.split("|"))
            calls[command.split()[0] if command.startswith("celery") else command.split()[2]] = (
                base_url,
                hosts,
            )
        log.unlink()
        return calls

    return start


@pytest.mark.parametrize(
    ("address", "base_url"),
    [
        (None, "http://127.0.0.1:8000"),
        ("127.0.0.1:9000", "http://127.0.0.1:9000"),
        ("8080", "http://127.0.0.1:8080"),
        ("localhost:8001", "http://localhost:8001"),
        ("[::1]:8002", "http://[::1]:8002"),
        ("0.0.0.0:8003", "http://10.1.2.3:8003"),  # every interface: the machine's address
    ],
)
def test_bin_run_derives_the_base_url_from_the_address(
    run, address: str | None, base_url: str
) -> None:
    calls = run(**({"PORTAL_ADDRESS": address} if address else {}))
    # The web process and the worker that renders the PDFs both print links to it.
    assert calls["runserver"][0] == base_url
    assert calls["celery"][0] == base_url
    assert calls["migrate"][0] == base_url


def test_bin_run_lets_the_portal_answer_at_the_address_it_prints(run) -> None:
    calls = run(PORTAL_ADDRESS="0.0.0.0:8003")
    assert "10.1.2.3" in calls["runserver"][1].split(",")
    assert "127.0.0.1" in calls["runserver"][1].split(",")


def test_bin_run_keeps_an_explicit_base_url(run) -> None:
    calls = run(PORTAL_ADDRESS="0.0.0.0:8000", PORTAL_BASE_URL="https://thiduakhoi4.example")
    assert calls["runserver"][0] == "https://thiduakhoi4.example"
    assert calls["celery"][0] == "https://thiduakhoi4.example"
