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


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Which module of ``pipeline`` imports which, counting imports inside functions (a lazy
    import is still a dependency: it runs)."""
    modules = {module_name(p): p for p in ROOT.glob("pipeline/**/*.py")}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                targets = [f"{node.module}.{a.name}" for a in node.names] + [node.module]
            else:
                continue
            for target in targets:
                while target not in modules and "." in target:
                    target = target.rsplit(".", 1)[0]
                if target in modules and target != name:
                    graph[name].add(target)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_no_two_modules_import_each_other_even_through_others():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]  # the checker finds one
    assert circles(import_graph()) == []


def test_every_public_name_has_one_meaning_across_the_package():
    """A function, class or constant of one name is defined once in ``pipeline`` (the CLI's
    command functions aside: they are named for their commands)."""
    defined: dict[str, list[str]] = {}
    for path in sorted(ROOT.glob("pipeline/**/*.py")):
        if path.name in ("cli.py", "cli_models.py"):
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names = [node.name]
            elif isinstance(node, ast.Assign):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names = [node.target.id]
            else:
                continue
            for name in names:
                if not name.startswith("_"):
                    defined.setdefault(name, []).append(module_name(path))
    assert {name: where for name, where in defined.items() if len(where) > 1} == {}


def test_the_learner_is_a_room_the_writers_use_and_that_uses_no_writer():
    graph = import_graph()
    learner = [m for m in graph if m.startswith("pipeline.learn")]
    assert len(learner) >= 6 and not any(t.startswith("pipeline.write") for m in learner for t in graph[m])
    assert any(t.startswith("pipeline.learn") for m in graph if m.startswith("pipeline.write") for t in graph[m])
