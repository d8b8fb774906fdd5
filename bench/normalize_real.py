"""The normalizer judged on real text: character error rate against golden repairs, and the
kept/dropped confusion of its lines, on three sets printed apart —

- ``golden``: the articles written here (tests/golden/genres and articles), gold files;
- ``tune``: the 13 real texts the scorer was fitted on (tests/data/real_lines.tsv);
- ``aside``: the 7 real texts set aside before any tuning (tests/data/aside_lines.tsv),
  labelled once, at the end, and scored at first sight.

The golden repair of a real text is built from its labels, never copied into the
repository (the texts belong to their authors): the lines labelled ``article`` in order, one
paragraph each (a line labelled ``article+`` continues the one before it), each as the
normalizer's line repairs left it, with the corrections of ``tests/data/real_edits.tsv``
where those repairs are wrong (a glued account name, a promotion run into a paragraph).

    .venv/bin/python bench/normalize_real.py [--set tune|aside|golden] [--show]
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter, defaultdict

from real_material import ASIDE_LABELS, LABELS, REAL, ROOT, character_error_rate, genre_lines, labelled_lines

EDITS = ROOT / "tests" / "data" / "real_edits.tsv"


def edits() -> dict[tuple[str, int], list[tuple[str, str]]]:
    rows = [r for r in EDITS.read_text(encoding="utf-8").splitlines() if r and not r.startswith("#")]
    out: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)
    for r in csv.DictReader(rows, delimiter="\t"):
        out[(r["file"], int(r["line"]))].append((r["before"], r["after"].replace("\\n", "\n")))
    return out


def gold_text(name: str, rows) -> str:
    """The golden repair of one labelled real text."""
    from pipeline.read.markdown import join_wrapped

    fixes = edits()
    paragraphs: list[list[str]] = []
    for _, item, label in rows:
        if label.residue:
            continue
        text = item.line.text
        for before, after in fixes.get((name, item.line.line), ()):
            text = text.replace(before, after)
        if label.label == "article+" and paragraphs:
            paragraphs[-1].append(text)
        elif text:
            paragraphs.append([text])
    return "".join(join_wrapped(p) + "\n" for p in paragraphs)


def judge(rows_by_file, read) -> tuple[Counter, list[tuple[str, float, int]]]:
    """Line confusion (article/residue × kept/doubtful/dropped) and each file's CER."""
    from pipeline.normalize import normalize, normalized_text

    confusion: Counter = Counter()
    cers = []
    for name, rows in rows_by_file.items():
        document = normalize(read(name))
        dropped = {d.line for d in document.dropped}
        doubtful = {d.line for d in document.doubts}
        for _, item, label in rows:
            fate = "dropped" if item.line.line in dropped and item.line.line not in {p.line for p in document.paragraphs} else (
                "doubtful" if item.line.line in doubtful else "kept")
            confusion[("residue" if label.residue else "article", fate)] += 1
        if read is not _read_golden:
            reference = gold_text(name, rows)
        else:
            reference = (ROOT / "tests" / "golden" / _folder(name) / name.replace(".damaged.", ".gold.")).read_text(encoding="utf-8")
        cers.append((name, character_error_rate(normalized_text(document), reference), len(reference)))
    return confusion, cers


def _folder(name: str) -> str:
    return "genres" if (ROOT / "tests" / "golden" / "genres" / name).exists() else "articles"


def _read_real(name: str):
    from pipeline.read.formats import read_document

    return read_document(REAL / name)


def _read_golden(name: str):
    from pipeline.read.formats import read_document

    return read_document(ROOT / "tests" / "golden" / _folder(name) / name)


def report(title: str, confusion: Counter, cers) -> None:
    total = sum(n for _, _, n in cers)
    pooled = sum(c * n for _, c, n in cers) / total if total else 0.0
    print(f"\n{title}: CER {pooled:.2%} over {len(cers)} texts ({total} characters)")
    for name, cer, n in cers:
        print(f"  {cer:7.2%}  {name}")
    for truth in ("article", "residue"):
        row = ", ".join(f"{fate} {confusion[(truth, fate)]}" for fate in ("kept", "doubtful", "dropped"))
        print(f"  {truth} lines: {row}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", choices=("golden", "tune", "aside"), action="append")
    args = parser.parse_args()
    sets = args.set or ["golden", "tune"]
    if "golden" in sets:
        rows = defaultdict(list)
        for row in genre_lines():
            rows[row[0]].append(row)
        report("golden (written here)", *judge(rows, _read_golden))
    for name, path in (("tune", LABELS), ("aside", ASIDE_LABELS)):
        if name in sets:
            rows = defaultdict(list)
            for row in labelled_lines(path):
                rows[row[0]].append(row)
            report(f"{name} (real texts)", *judge(rows, _read_real))


if __name__ == "__main__":
    main()
