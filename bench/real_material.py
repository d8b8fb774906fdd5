"""The real material the normalizer is developed and judged on, in one place: which real
texts tune it and which are set aside, the labelled lines, the golden repairs, and the
character error rate.

The split was made before any rule was changed: every third file of ``../shared/real_texts``
(03, 06, 09, 12, 15, 18) and the Big5 feed (17, whose GB2312 sister 16 tunes) are set aside
— seven of twenty, each kind represented on both sides where there are two. The set-aside
texts are never labelled for fitting and never looked at while tuning; they are scored once.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
REAL = SHARED / "real_texts"
ASIDE = ("03", "06", "09", "12", "15", "17", "18")
TUNE = ("01", "02", "04", "05", "07", "08", "10", "11", "13", "14", "16", "19", "20")
LABELS = ROOT / "tests" / "data" / "real_lines.tsv"
ASIDE_LABELS = ROOT / "tests" / "data" / "aside_lines.tsv"
GOLD = ROOT / "tests" / "golden" / "real"


@dataclass(frozen=True)
class Label:
    file: str
    line: int
    label: str
    starts: str

    @property
    def residue(self) -> bool:
        return self.label not in ("article", "article+")


def real_file(number: str) -> Path:
    return next(REAL.glob(f"{number}_*"))


def read_labels(path: Path = LABELS) -> list[Label]:
    rows = [row for row in path.read_text(encoding="utf-8").splitlines() if row and not row.startswith("#")]
    return [Label(r["file"], int(r["line"]), r["label"], r["starts"]) for r in csv.DictReader(rows, delimiter="\t")]


def labelled_lines(path: Path = LABELS):
    """Each labelled file's weighed lines paired with their labels, in order. A label whose
    line no longer starts as it did is an error: the reader changed under the labels."""
    from pipeline.normalize import weigh_lines
    from pipeline.read.formats import read_document

    labels = read_labels(path)
    out = []
    for name in dict.fromkeys(label.file for label in labels):
        mine = [label for label in labels if label.file == name]
        weighed, _ = weigh_lines(read_document(REAL / name))
        if len(weighed) != len(mine):
            raise SystemExit(f"{name}: {len(weighed)} lines weighed, {len(mine)} labelled")
        for item, label in zip(weighed, mine):
            if item.line.line != label.line or not item.line.text.replace("\t", " ").startswith(label.starts):
                raise SystemExit(f"{name} line {label.line}: labelled {label.starts!r}, reads {item.line.text[:8]!r}")
            out.append((name, item, label))
    return out


def genre_lines():
    """The golden articles written here (tests/golden), labelled by their gold: a line of the
    damaged text is article text when its repair is in the gold."""
    from pipeline.normalize import weigh_lines
    from pipeline.read.formats import read_document

    out = []
    folders = (ROOT / "tests" / "golden" / "genres", ROOT / "tests" / "golden" / "articles")
    for damaged in sorted(p for folder in folders for p in folder.glob("*.damaged.txt")):
        gold = damaged.with_name(damaged.name.replace(".damaged.", ".gold.")).read_text(encoding="utf-8")
        weighed, _ = weigh_lines(read_document(damaged))
        for item in weighed:
            text = item.line.text.strip()
            out.append((damaged.name, item, Label(damaged.name, item.line.line, "article" if text and text in gold else "residue", "")))
    return out


def character_error_rate(hypothesis: str, reference: str) -> float:
    """Edit distance over the reference's length (line breaks count as characters)."""
    if not reference:
        return float(bool(hypothesis))
    previous = list(range(len(reference) + 1))
    for i, h in enumerate(hypothesis, 1):
        current = [i]
        for j, r in enumerate(reference, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (h != r)))
        previous = current
    return previous[-1] / len(reference)
