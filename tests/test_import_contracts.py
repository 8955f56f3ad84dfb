"""The three layers import one way: lint-imports keeps the contract in pyproject.toml."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def run_lint(src: Path) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(src), "PATH": str(LINT.parent), "HOME": str(src)}
    return subprocess.run(
        [str(LINT), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=src,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_contract_is_kept():
    result = run_lint(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_wrong_way_import_breaks_the_contract(tmp_path):
    shutil.copytree(ROOT / "src" / "ketcourse", tmp_path / "ketcourse")
    mode = tmp_path / "ketcourse" / "engine" / "mode.py"
    mode.write_text(mode.read_text(encoding="utf-8") + "\nfrom ketcourse.science import units  # wrong way\n")
    result = run_lint(tmp_path)
    assert result.returncode != 0
    assert "ketcourse.engine.mode -> ketcourse.science.units" in result.stdout
