"""The house style's size limits, checked: modules stay small enough to read in one go,
functions short enough to see whole, the CLI thin (STYLE.md; issue 12's targets)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "pipeline"


def functions(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node, node.end_lineno - node.lineno + 1


def test_no_module_is_over_450_lines():
    sizes = {p.relative_to(ROOT).as_posix(): len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.rglob("*.py")}
    assert {name: n for name, n in sizes.items() if n > 450} == {}


def test_no_function_is_over_70_lines():
    long = {f"{p.relative_to(ROOT)}:{node.lineno} {node.name}": n for p in PACKAGE.rglob("*.py") for node, n in functions(p) if n > 70}
    assert long == {}


def test_the_cli_is_thin():
    files = [PACKAGE / "cli.py", PACKAGE / "cli_models.py"]
    assert all(len(cli.read_text(encoding="utf-8").splitlines()) <= 300 for cli in files)
    commands = {node.name: n for cli in files for node, n in functions(cli) if any(
        isinstance(d, ast.Call) and getattr(d.func, "attr", "") == "command" for d in node.decorator_list)}
    assert len(commands) == 17
    assert {name: n for name, n in commands.items() if n > 30} == {}


def test_stages_do_not_define_their_own_chinese_pattern():
    """One definition of "Chinese" (pipeline/chinese.py): no other module spells the range."""
    spelled = [p.relative_to(ROOT).as_posix() for p in PACKAGE.rglob("*.py")
               if "\\u4e00" in p.read_text(encoding="utf-8") or "\\u3400" in p.read_text(encoding="utf-8")]
    assert spelled == ["pipeline/chinese.py"]
