"""The README's promises: its Python example runs, its commands exist."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from pipeline.cli import app
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_newcomer_commands():
    first_block = README.split("```sh", 1)[1].split("```", 1)[0]
    assert "make run" in first_block and "make test" in first_block


def test_readme_python_example_runs(with_model, monkeypatch):
    code = re.search(r"```python\n(.*?)```", README, re.S).group(1)
    monkeypatch.chdir(ROOT)
    target = ROOT / "output" / "edition.docx"
    try:
        exec(compile(code, "README.md", "exec"), {})
        assert target.exists()
    finally:
        target.unlink(missing_ok=True)


def test_every_bilingual_subcommand_in_the_readme_has_help():
    runner = CliRunner()
    for words in {tuple(m.split()) for m in re.findall(r"^bilingual ((?:models )?[a-z]+)", README, re.M)}:
        result = runner.invoke(app, [*words, "--help"])
        assert result.exit_code == 0, (words, result.output)
