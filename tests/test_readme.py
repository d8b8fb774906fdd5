"""The README's promises: its first lines are the newcomer's two commands, its Python
example runs, and every command in its ``sh`` blocks runs as written, in order, from a copy
of the checkout where `make run` was done (the synthetic model installed)."""

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


def readme_commands() -> list[str]:
    """Every command line of every ``sh`` block, except the two `make` targets (CI runs
    `make test`; `make run` is what the copy below stands for)."""
    lines = [line.strip() for block in SH_BLOCKS for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith(("make run", "make test", "#"))]


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
def test_every_readme_command_runs_as_written(with_model: Path, tmp_path: Path):
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
    for command in readme_commands():
        done = subprocess.run(["bash", "-c", command], cwd=checkout, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])
        assert "Traceback" not in done.stderr, command
