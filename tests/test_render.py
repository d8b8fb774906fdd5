"""`bilingual render`: the preview needs LibreOffice and pdftoppm; without them, one line."""

from __future__ import annotations

import shutil

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.assemble import write_docx
from tests.test_assemble import sample_document

runner = CliRunner()


def test_render_without_the_tools_says_how_to_install_them(tmp_path, monkeypatch):
    path = write_docx(sample_document(), tmp_path / "ed.docx")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = runner.invoke(app, ["render", str(path)])
    assert result.exit_code == 1
    assert "LibreOffice and pdftoppm not found" in result.output and "apt-get install" in result.output


def test_render_makes_a_pdf_and_png_pages_when_the_tools_are_there(tmp_path):
    if not (shutil.which("soffice") and shutil.which("pdftoppm")):
        # CI machines without LibreOffice exercise the branch above; this one needs the tools.
        import pytest

        pytest.skip("LibreOffice/pdftoppm not installed (apt-get install libreoffice-writer-nogui poppler-utils)")
    path = write_docx(sample_document(), tmp_path / "ed.docx")
    result = runner.invoke(app, ["render", str(path), "-o", str(tmp_path / "pages")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "pages" / "ed.pdf").exists() and (tmp_path / "pages" / "ed-1.png").exists()
