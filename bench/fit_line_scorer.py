"""Fit the normalizer's line scorer and write ``pipeline/normalize/line_weights.json``.

A logistic regression (L2-regularised, batch gradient descent; numpy, which CTranslate2
brings) on the labelled lines: the hand-labelled lines of the tuning real texts
(``tests/data/real_lines.tsv``) and the golden articles written here (``tests/golden``),
each real line weighted double (there are fewer of them, and they are what the world sends).
The thresholds are chosen on the same lines: ``drop`` is the lowest probability at which no
labelled article line would be dropped, with a margin; ``doubt`` the point below which
fewer than one residue line in twenty falls.

    .venv/bin/python bench/fit_line_scorer.py [--dry-run]
"""

from __future__ import annotations

import argparse
import json

from real_material import ROOT, genre_lines, labelled_lines

WEIGHTS = ROOT / "pipeline" / "normalize" / "line_weights.json"


def fit(rows, l2: float = 0.002, steps: int = 30000, rate: float = 2.0):
    import numpy as np

    x = np.array([item.facts.values for _, item, _ in rows], dtype=float)
    y = np.array([float(label.residue) for _, _, label in rows])
    weight = np.array([2.0 if not name.endswith(".damaged.txt") else 1.0 for name, _, _ in rows])
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w)))
        gradient = x.T @ (weight * (p - y)) / weight.sum() + l2 * np.r_[0.0, w[1:]]
        w -= rate * gradient
    return w


def thresholds(rows, w) -> tuple[float, float]:
    """Chosen on the lines no pattern decides (a pattern's line is residue outright)."""
    import numpy as np

    rows = [row for row in rows if not row[1].facts.pattern_kind]
    x = np.array([item.facts.values for _, item, _ in rows], dtype=float)
    p = 1 / (1 + np.exp(-(x @ w)))
    article = sorted(p[i] for i, (_, _, label) in enumerate(rows) if not label.residue)
    residue = sorted(p[i] for i, (_, _, label) in enumerate(rows) if label.residue)
    drop = min(0.9, max(0.5, article[-1] + 0.05))
    doubt = min(drop - 0.05, max(0.2, residue[len(residue) // 20]))
    return round(float(drop), 3), round(float(doubt), 3)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dry-run", action="store_true", help="print the weights, write nothing")
    args = parser.parse_args()
    from pipeline.normalize.features import NAMES

    rows = labelled_lines() + genre_lines()
    w = fit(rows)
    drop, doubt = thresholds(rows, w)
    print(f"{len(rows)} labelled lines ({sum(label.residue for _, _, label in rows)} residue); drop ≥ {drop}, doubt ≥ {doubt}")
    for name, value in sorted(zip(NAMES, w), key=lambda nv: -abs(nv[1])):
        print(f"  {name:16} {value:+.2f}")
    if not args.dry_run:
        data = {"names": list(NAMES), "weights": [round(float(v), 4) for v in w], "drop": drop, "doubt": doubt,
                "fitted_on": f"{len(rows)} lines: tests/data/real_lines.tsv and tests/golden (bench/fit_line_scorer.py)"}
        WEIGHTS.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
