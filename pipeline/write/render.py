"""A rendered preview of an edition: DOCX → PDF (LibreOffice) → PNG pages (pdftoppm).

The document is the product; looking at its pages is how we judge it. Both tools are
optional system packages, so their absence is a clear error, not a crash.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.errors import RenderError

INSTALL = "install them with: sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk poppler-utils"


def render(docx_path: Path, out_dir: Path | None = None, dpi: int = 100, timeout: float = 180.0) -> list[Path]:
    """The PDF, then the PNG pages, in ``out_dir`` (default ``<name>-preview/`` beside it)."""
    out_dir = out_dir or docx_path.with_name(f"{docx_path.stem}-preview")
    if not docx_path.is_file():
        raise RenderError("no such file", path=docx_path)
    office = shutil.which("soffice") or shutil.which("libreoffice")
    pdftoppm = shutil.which("pdftoppm")
    if not office or not pdftoppm:
        missing = " and ".join(n for n, p in (("LibreOffice", office), ("pdftoppm", pdftoppm)) if not p)
        raise RenderError(f"{missing} not found", path=docx_path, hint=INSTALL)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        command = [office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                   "--outdir", str(out_dir), str(docx_path)]
        _run(command, docx_path, timeout)
    pdf = out_dir / f"{docx_path.stem}.pdf"
    if not pdf.exists():
        raise RenderError("LibreOffice made no PDF", path=docx_path)
    for old in out_dir.glob(f"{docx_path.stem}-*.png"):
        old.unlink()
    _run([pdftoppm, "-png", "-r", str(dpi), str(pdf), str(out_dir / docx_path.stem)], docx_path, timeout)
    return [pdf, *sorted(out_dir.glob(f"{docx_path.stem}-*.png"))]


def _run(command: list[str], path: Path, timeout: float) -> None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise RenderError(f"{Path(command[0]).name} took longer than {timeout:.0f} s", path=path) from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise RenderError(f"{Path(command[0]).name} failed ({detail[-1] if detail else done.returncode})", path=path)
