"""PDF in: the text layer as the article — running heads and page numbers left out and
listed, wrapped lines joined into paragraphs (across pages and columns), headings apart, a
scan refused in one line."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.read.formats import read_document
from tests.conftest import EXAMPLE, invoke
from tests.pdfs import article_pdf

pytest.importorskip("reportlab", reason="the PDF tests write their PDFs with reportlab (a test extra)")


def example_paragraphs() -> tuple[str, list[str]]:
    """The example article, repaired: its headline and paragraphs (the PDF's source)."""
    from pipeline.edition import prepare

    document = prepare(read_document(EXAMPLE))
    texts = [p.source_text for p in document.paragraphs]
    return texts[0], texts[1:]


def scores(got: str, expected: str) -> tuple[float, float]:
    matched = sum(block.size for block in difflib.SequenceMatcher(None, got, expected, autojunk=False).get_matching_blocks())
    return matched / len(expected), matched / len(got)


@pytest.mark.parametrize("columns", [1, 2])
def test_a_wrapped_article_with_running_heads_and_page_numbers_reads_back_paragraph_for_paragraph(tmp_path: Path, columns: int):
    title, paragraphs = example_paragraphs()
    path = article_pdf(tmp_path / "a.pdf", title, paragraphs, columns=columns)
    document = read_document(path)
    assert document.source.format == "pdf" and document.lines[0] == title and document.origins[0] == "heading"
    assert list(document.lines[1:]) == paragraphs  # every paragraph whole, none merged, none split
    removed = dict(document.source.removed)
    assert removed["running head"] > 0 and removed["page number"] > 0
    recall, precision = scores("".join(document.lines), "".join([title, *paragraphs]))
    assert recall == precision == 1.0


def test_a_scan_without_a_text_layer_is_refused_in_one_line_and_nothing_is_written(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = article_pdf(tmp_path / "scan.pdf", "", [], scan=True)
    result = invoke("run", str(path), "-o", "scan.docx")
    assert result.exit_code == 1
    assert result.output.strip() == f"error: {path}: has no text layer (a scanned document?) — OCR it first, e.g. with ocrmypdf"
    assert not Path("scan.docx").exists()


def test_a_damaged_pdf_is_one_line(tmp_path: Path):
    path = tmp_path / "bad.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    with pytest.raises(InputError, match="damaged PDF|no text layer"):
        read_document(path)


def test_run_and_extract_take_a_pdf(with_model: Path, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    title, paragraphs = example_paragraphs()
    article_pdf(tmp_path / "a.pdf", title, paragraphs[:5])
    extracted = invoke("extract", "a.pdf")
    assert extracted.exit_code == 0 and f"heading\t{title}" in extracted.output and "running head" in extracted.output
    result = invoke("run", "a.pdf", "-o", "a.docx", "--json", "a.json", "--no-cache", "-q")
    assert result.exit_code == 0, result.output
    assert Path("a.docx").is_file()
