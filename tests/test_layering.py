"""The house's layering contract, run as part of the suite.

`lint-imports` reads `[tool.importlinter]` in pyproject.toml: evals > api > graphs > tools >
balcao, imports only pointing down, and no cycle between sibling packages or modules. When a
change breaks a rule, the failure prints the import chain that broke it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("balcao", "tools", "graphs", "api", "evals")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--config", "pyproject.toml",
         "--no-cache"],
        cwd=root, capture_output=True, text=True, timeout=300,
        env={"PATH": str(Path(sys.executable).parent), "PYTHONPATH": str(root)},
    )


def test_imports_only_point_down_and_never_cycle() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_an_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    """The contract can fail: the graph importing the edge is reported with its import."""
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__", "*.jsonl", "*.joblib"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    routing = tmp_path / "graphs" / "sales" / "routing.py"
    routing.write_text(routing.read_text(encoding="utf-8")
                       + "\nfrom api.inbox import store_batch  # noqa\n", encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "graphs.sales.routing -> api.inbox" in result.stdout
