"""The README's promises: its first lines are the newcomer's two commands, it stays short and
links every page of ``docs/``, its Python example runs, and every command in the ``sh`` blocks
of the README and of each page runs as written, in order, from a fresh copy of the checkout
where `make run` was done (the synthetic model installed) — a page per copy, as a reader
following one page would."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_render import make_stand_in_tools

README = (ROOT / "README.md").read_text(encoding="utf-8")
SH_BLOCKS = re.findall(r"```sh\n(.*?)```", README, re.S)
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def page_commands(page: Path) -> list[str]:
    """Every command line of every ``sh`` block of a page, except the two `make` targets (CI
    runs `make test`; `make run` is what the copy below stands for)."""
    blocks = re.findall(r"```sh\n(.*?)```", page.read_text(encoding="utf-8"), re.S)
    lines = [line.strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith(("make run", "make test", "#"))]


def readme_commands() -> list[str]:
    return page_commands(ROOT / "README.md")


def test_the_readme_is_short_and_links_every_page():
    assert len(README.splitlines()) <= 300
    linked = set(re.findall(r"\]\(docs/([\w-]+\.md)", README))
    assert linked == {p.name for p in (ROOT / "docs").glob("*.md")}
    for page in PAGES[1:]:
        for target in re.findall(r"\]\(([\w-]+\.(?:md|png))", page.read_text(encoding="utf-8")):
            assert (ROOT / "docs" / target).exists(), (page.name, target)


def test_readme_opens_with_the_two_newcomer_commands():
    assert "make run" in SH_BLOCKS[0] and "make test" in SH_BLOCKS[0]


def test_readme_python_example_runs(with_model, monkeypatch):
    code = re.search(r"```python\n(.*?)```", README, re.S).group(1)
    monkeypatch.chdir(ROOT)
    target = ROOT / "output" / "edition.docx"
    try:
        exec(compile(code, "README.md", "exec"), {})
        assert target.exists()
    finally:
        target.unlink(missing_ok=True)


def test_the_readme_has_commands_for_every_top_level_command():
    words = {line.split()[1] for line in readme_commands() if line.startswith(".venv/bin/bilingual ")}
    assert {"run", "batch", "normalize", "glossary", "models", "cache", "review", "render", "--help"} <= words


@pytest.mark.slow
@pytest.mark.parametrize("page", [p for p in PAGES if page_commands(p)], ids=lambda p: p.name)
def test_every_command_of_a_page_runs_as_written(page: Path, with_model: Path, tmp_path: Path):
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    for folder in ("examples", "glossary"):
        shutil.copytree(ROOT / folder, checkout / folder)
    (checkout / "output").mkdir()
    (checkout / ".venv").mkdir()
    (checkout / ".venv" / "bin").symlink_to(Path(sys.executable).parent)
    tools = tmp_path / "tools"
    tools.mkdir()
    path = os.environ["PATH"]
    if not (shutil.which("soffice") and shutil.which("pdftoppm")):
        make_stand_in_tools(tools, tmp_path / "calls.log")
        path = f"{tools}:{path}"
    env = {**os.environ, "PATH": path, "ARGOS_PACKAGES_DIR": str(with_model)}
    for command in page_commands(page):
        done = subprocess.run(["bash", "-c", command], cwd=checkout, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])
        assert "Traceback" not in done.stderr, command
