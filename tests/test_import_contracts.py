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


def test_build_scripts_need_no_test_tools():
    """scripts/ run in the book environment (./scripts/build.sh), which has no pytest: they must not
    import the test helpers or pytest (this once broke `./scripts/build.sh --pdf` for a new user)."""
    import ast

    offenders = []
    for script in sorted((ROOT / "scripts").glob("*.py")):
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{script.name}: {n}" for n in names if n.split(".")[0] in {"pytest", "book_support", "conftest"}
            ]
    assert not offenders, offenders
