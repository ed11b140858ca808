"""The architecture is a rule, not a habit: an import that turns an arrow back fails bin/test."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _copy_of_the_project(target: Path) -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    for package in config["tool"]["importlinter"]["root_packages"]:
        shutil.copytree(
            ROOT / package,
            target / package,
            ignore=shutil.ignore_patterns("__pycache__", "migrations", "*.po", "*.mo"),
        )
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")


def _lint(where: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=where,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(where), "PATH": "/usr/bin:/bin"},
        check=False,
    )


@pytest.mark.parametrize(
    ("module", "upward"),
    [
        ("jobs/probe.py", "from blocs.models import Bloc"),  # jobs knows a bloc by id only
        ("imports/probe.py", "from blocs.models import Bloc"),  # so do imports
        ("imports/probe.py", "from awards.history import RecordChecks"),  # kinds register
        ("evaluation/probe.py", "from awards.models import Proposal"),
        ("blocs/probe.py", "import pledges.services"),
        # The archive reads every app below it; none of them reads the archive.
        ("summaries/probe.py", "from archive.selectors import unit_dossier"),
        ("archive/probe.py", "import ops.views"),
    ],
)
def test_an_upward_import_breaks_the_layers_contract(
    tmp_path: Path, module: str, upward: str
) -> None:
    _copy_of_the_project(tmp_path)
    assert _lint(tmp_path).returncode == 0, "the project as it stands keeps its layers"
    (tmp_path / module).write_text(f"{upward}\n")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert "Apps import downwards only BROKEN" in result.stdout
    assert module.replace("/", ".").removesuffix(".py") in result.stdout
