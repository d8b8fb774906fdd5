"""`bilingual render`: the preview needs LibreOffice and pdftoppm; without them, one line."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.write.docx.build import write_docx
from tests.test_assemble import sample_document

runner = CliRunner()


def make_stand_in_tools(bin_dir: Path, log: Path) -> None:
    """``soffice`` and ``pdftoppm`` that record how they are called and write what the real
    ones write (a PDF, then PNG pages)."""
    (bin_dir / "soffice").write_text(
        "#!/bin/sh\n"
        f'echo "soffice $*" >> {log}\n'
        'while [ $# -gt 1 ]; do [ "$1" = --outdir ] && out=$2; shift; done\n'
        'name=$(basename "$1" .docx); echo pdf > "$out/$name.pdf"\n'
    )
    (bin_dir / "pdftoppm").write_text(
        "#!/bin/sh\n"
        f'echo "pdftoppm $*" >> {log}\n'
        'for last; do :; done; echo png > "$last-1.png"; echo png > "$last-2.png"\n'
    )
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)


def test_render_without_the_tools_says_how_to_install_them(tmp_path, monkeypatch):
    path = write_docx(sample_document(), tmp_path / "ed.docx")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = runner.invoke(app, ["render", str(path)])
    assert result.exit_code == 1
    assert "LibreOffice and pdftoppm not found" in result.output and "apt-get install" in result.output


def test_render_drives_libreoffice_then_pdftoppm(tmp_path, monkeypatch):
    """Stand-in tools on PATH record how they are called and write what the real ones write,
    so the plumbing is tested on machines without LibreOffice (`make preview` uses the real ones)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    make_stand_in_tools(bin_dir, log)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    path = write_docx(sample_document(), tmp_path / "ed.docx")
    result = runner.invoke(app, ["render", str(path), "-o", str(tmp_path / "pages"), "--dpi", "80"])
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == [str(tmp_path / "pages" / n) for n in ("ed.pdf", "ed-1.png", "ed-2.png")]
    calls = log.read_text().splitlines()
    assert calls[0].startswith("soffice ") and "--headless --convert-to pdf" in calls[0]
    assert calls[1].startswith("pdftoppm -png -r 80 ")
