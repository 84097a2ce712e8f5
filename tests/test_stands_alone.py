"""The repository stands alone: no code, config or script reads a folder beside it.

Developers have a `shared` folder next to the repository; a fresh clone does not. What the
project needs from it is copied in (tests/fixtures/, docs/spec/), so nothing may point there:
neither a literal parent-relative path to `shared` nor a path built from `__file__` that climbs
out of the repository (three `parents` up, then into the sibling folder, and the like).
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SUFFIXES = {".py", ".toml", ".sh", ".cfg", ".ini", ".json"}
NAMES = {"dev"}
SKIPPED_DIRS = {".git", ".venv", "node_modules", "__pycache__", "build", "dist"}
SKIPPED_TREES = ("tests/fixtures/",)
"""Data and reference code written by others, kept as published."""

# Spelled in two pieces so that this file does not match its own pattern.
_PARENT_SHARED = re.compile(r"\.\.[/\\]" + "shared" + r"\b")


# --- which files ------------------------------------------------------------------------------

def _wanted(rel: str) -> bool:
    if rel.startswith(SKIPPED_TREES) or any(part in SKIPPED_DIRS for part in rel.split("/")):
        return False
    path = Path(rel)
    return path.suffix in SUFFIXES or path.name in NAMES or rel.startswith(".ci/")


def _git_files() -> list[str] | None:
    """Tracked files plus new ones not ignored, or None outside a git checkout."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        return None
    try:
        out = subprocess.run(
            ["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others",
             "--exclude-standard"],
            check=True, capture_output=True, timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return sorted({name for name in out.decode("utf-8").split("\0") if name})


def _walked_files() -> list[str]:
    """Every file under the repository, for a copy without git (hidden folders but .ci skipped)."""
    found = []
    for root, dirs, files in os.walk(REPO):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and not d.endswith(".egg-info")
                   and (not d.startswith(".") or d == ".ci")]
        found += [Path(root, name).relative_to(REPO).as_posix() for name in files]
    return sorted(found)


def scanned_files() -> list[str]:
    """Repository-relative paths of the files this test reads."""
    names = _git_files()
    if names is None:
        names = _walked_files()
    return [rel for rel in names if _wanted(rel) and (REPO / rel).is_file()]


# --- what counts as reading outside -----------------------------------------------------------

def _is_file_name(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id == "__file__"


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        prefix = func.value.id + "." if isinstance(func.value, ast.Name) else ""
        if isinstance(func.value, ast.Attribute) and isinstance(func.value.value, ast.Name):
            prefix = f"{func.value.value.id}.{func.value.attr}."
        return prefix + func.attr
    return ""


class _Locator:
    """Works out, where it can, which directory a path expression of one module names.

    Follows `__file__` through `Path(...)`, `.resolve()`, `.absolute()`, `.parent`,
    `.parents[k]`, `/ "name"`, `.joinpath(...)` and `os.path.dirname/abspath/realpath/join`,
    and module-level names bound to such expressions. Anything else is unknown (None).
    """

    def __init__(self, file: Path) -> None:
        self.file = file
        self.names: dict[str, str] = {}

    def locate(self, node: ast.AST) -> str | None:
        if _is_file_name(node):
            return str(self.file)
        if isinstance(node, ast.Name):
            return self.names.get(node.id)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            base = self.locate(node.left)
            tail = _constant(node.right)
            return None if base is None or tail is None else os.path.normpath(
                os.path.join(base, tail))
        if isinstance(node, ast.Attribute) and node.attr == "parent":
            base = self.locate(node.value)
            return None if base is None else os.path.dirname(base)
        if (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute)
                and node.value.attr == "parents"):
            base = self.locate(node.value.value)
            index = _constant(node.slice, int)
            if base is None or index is None or index < 0:
                return None
            for _ in range(index + 1):
                base = os.path.dirname(base)
            return base
        if isinstance(node, ast.Call):
            return self._locate_call(node)
        return None

    def _locate_call(self, node: ast.Call) -> str | None:
        name = _call_name(node)
        if name in {"Path", "pathlib.Path", "PurePath", "os.path.abspath", "os.path.realpath",
                    "path.abspath", "path.realpath"} and len(node.args) == 1:
            return self.locate(node.args[0])
        if name in {"os.path.dirname", "path.dirname"} and len(node.args) == 1:
            base = self.locate(node.args[0])
            return None if base is None else os.path.dirname(base)
        if name in {"os.path.join", "path.join"} and node.args:
            base = self.locate(node.args[0])
            tails = [_constant(arg) for arg in node.args[1:]]
            if base is None or None in tails:
                return None
            return os.path.normpath(os.path.join(base, *tails))  # type: ignore[arg-type]
        if isinstance(node.func, ast.Attribute) and not node.args:
            if node.func.attr in {"resolve", "absolute"}:
                return self.locate(node.func.value)
        if isinstance(node.func, ast.Attribute) and node.func.attr == "joinpath":
            base = self.locate(node.func.value)
            tails = [_constant(arg) for arg in node.args]
            if base is None or None in tails:
                return None
            return os.path.normpath(os.path.join(base, *tails))  # type: ignore[arg-type]
        return None


def _constant(node: ast.AST, kind: type = str):
    return node.value if isinstance(node, ast.Constant) and type(node.value) is kind else None


def _outside(path: str, repo: Path) -> bool:
    return not Path(os.path.normpath(path)).is_relative_to(repo)


def problems(text: str, rel: str, repo: Path = REPO) -> list[str]:
    """`"<file>:<line>: <why>"` for every way `text` (the file `rel` of `repo`) reads outside."""
    found = [f"{rel}:{number}: names a parent-relative `shared` folder: {line.strip()}"
             for number, line in enumerate(text.splitlines(), 1) if _PARENT_SHARED.search(line)]
    if not rel.endswith(".py"):
        return found
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return found
    locator = _Locator(repo / rel)
    for statement in tree.body:  # module-level names, in order, for later references
        if (isinstance(statement, (ast.Assign, ast.AnnAssign))
                and statement.value is not None):
            targets = statement.targets if isinstance(statement, ast.Assign) else [
                statement.target]
            where = locator.locate(statement.value)
            for target in targets:
                if isinstance(target, ast.Name) and where is not None:
                    locator.names[target.id] = where
    lines = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.expr) or isinstance(node, ast.Name):
            continue
        where = locator.locate(node)
        if where is not None and _outside(where, repo) and node.lineno not in lines:
            lines.add(node.lineno)
            kind = "a sibling `shared` folder" if "shared" in where else "a path"
            found.append(f"{rel}:{node.lineno}: builds {kind} outside the repository "
                         f"({where}): {text.splitlines()[node.lineno - 1].strip()}")
    return sorted(found, key=lambda problem: (problem.split(":")[0], int(problem.split(":")[1])))


# --- the tests --------------------------------------------------------------------------------

def test_the_scan_covers_the_repository() -> None:
    files = scanned_files()
    for expected in ("pyproject.toml", "dev", ".ci/run", "tests/conftest.py",
                     "evals/nlu/run.py", "tests/test_stands_alone.py"):
        assert expected in files
    assert not [rel for rel in files if rel.startswith((".venv/", "tests/fixtures/"))]


def test_nothing_reads_outside_the_repository() -> None:
    found = []
    for rel in scanned_files():
        found += problems((REPO / rel).read_text(encoding="utf-8", errors="replace"), rel)
    assert not found, "the repository must stand alone:\n" + "\n".join(found)


def test_the_copied_data_is_here() -> None:
    fixtures = REPO / "tests" / "fixtures"
    for rel in ("whatsapp_cloud/pywa/LICENSE.pywa-MIT.txt",
                "whatsapp_cloud/meta/LICENSE.facebook-openapi-MIT.txt",
                "whatsapp_cloud/pywa/updates/message.json",
                "tau2_retail/LICENSE.tau2-bench-MIT.txt", "tau2_retail/db.json",
                "tau2_retail/reference/LICENSE",
                "bitext_customer_support/LICENSE.CDLA-Sharing-1.0.txt",
                "bitext_customer_support/Bitext_Sample_Customer_Support_Training_Dataset.csv"):
        assert (fixtures / rel).is_file(), rel
    for name in ("nlu.md", "catalog.md"):
        assert (REPO / "docs" / "spec" / name).is_file(), name
    pointers = [path for path in fixtures.rglob("*") if path.is_file() and path.stat().st_size
                < 1024 and path.read_bytes().startswith(b"version https://git-lfs")]
    assert not pointers, f"git-LFS pointers instead of data: {pointers}"


# The folder beside the repository, named without its literal path so that this file is
# not itself one of the lines it looks for.
SIBLING = "sh" "ared"

# The lines that read that folder before its data was copied in, each in the file it was in;
# and lines that stay inside, which must pass.
_OUTSIDE = [
    ("tests/conftest.py", f'SHARED = Path(__file__).resolve().parents[1].parent / "{SIBLING}"'),
    ("tests/channels/whatsapp_fixtures.py",
     f'SHARED = Path(__file__).resolve().parents[3] / "{SIBLING}"\n'
     'FIXTURES = SHARED / "fixtures" / "whatsapp_cloud"'),
    ("tests/nlu/test_spec_examples.py",
     f'SPEC = Path(__file__).resolve().parents[2].parent / "{SIBLING}" / "spec" / "nlu.md"'),
    ("tests/webhooks.py", '_FIXTURE = (\n    Path(__file__).resolve().parents[2]'
     f' / "{SIBLING}/fixtures/whatsapp_cloud/pywa/updates/message.json"\n)'),
    ("tests/integration/test_webhook_contract.py",
     f'FIXTURES = Path(__file__).resolve().parents[3] / "{SIBLING}/fixtures/whatsapp_cloud"'),
    ("evals/nlu/run.py", f'SHARED = Path(__file__).resolve().parents[2].parent / "{SIBLING}"'),
    ("evals/x.py", f'ROOT = Path(__file__).parent.parent\nS = ROOT / ".." / "{SIBLING}"'),
    ("evals/x.py", f'S = os.path.join(os.path.dirname(__file__), "..", "..", "{SIBLING}")'),
    ("evals/x.py", f'S = Path(__file__).resolve().parents[2].joinpath("{SIBLING}", "spec")'),
    ("dev", 'cat "$(dirname "$0")/' + ".." + f'/{SIBLING}/spec/nlu.md"'),
    ("pyproject.toml", 'data = "' + ".." + f'/{SIBLING}/fixtures"'),
]
_INSIDE = [
    ("tests/conftest.py", 'FIXTURES = Path(__file__).resolve().parent / "fixtures"'),
    ("tests/webhooks.py",
     'F = Path(__file__).resolve().parent / "fixtures/whatsapp_cloud/pywa/updates/message.json"'),
    ("tests/nlu/test_spec_examples.py",
     'SPEC = Path(__file__).resolve().parents[2] / "docs" / "spec" / "nlu.md"'),
    ("evals/paths.py", 'REPO = Path(__file__).resolve().parents[1]\nF = REPO / "tests"'),
    ("balcao/x.py", '"""Text folding shared by the rules (shared/spec/nlu.md)."""'),
    ("tests/x.py", f'def test_shared_contacts(tmp_path): return tmp_path.parent / "{SIBLING}"'),
]


@pytest.mark.parametrize(("rel", "text"), _OUTSIDE)
def test_the_check_catches_a_read_outside(rel: str, text: str) -> None:
    assert problems(text, rel)


@pytest.mark.parametrize(("rel", "text"), _INSIDE)
def test_the_check_lets_paths_inside_pass(rel: str, text: str) -> None:
    assert problems(text, rel) == []
