"""A line's fate by evidence: a logistic regression over the features of
``pipeline.normalize.features`` gives the probability that a line is not article text.

The weights are fitted on labelled real lines by ``bench/fit_line_scorer.py`` and shipped in
``line_weights.json`` beside this module, with the two thresholds chosen on the same data:

- at or above ``drop``, the line is dropped (and listed, with its kind);
- at or above ``doubt`` but below ``drop``, the line is *kept* and marked doubtful — article
  text is never lost on a guess; the user decides with ``--drop``/``--keep``;
- below ``doubt``, the line is article text.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from pipeline.normalize.features import NAMES, LineFacts

Verdict = str  # "keep", "doubt" or "drop"


@dataclass(frozen=True)
class Weights:
    names: tuple[str, ...]
    weights: tuple[float, ...]
    drop: float
    doubt: float


@lru_cache(maxsize=1)
def weights() -> Weights:
    """The shipped weights; a feature the file does not name weighs nothing (so a file fitted
    before a feature was added still loads)."""
    data = json.loads(files("pipeline.normalize").joinpath("line_weights.json").read_text(encoding="utf-8"))
    by_name = dict(zip(data["names"], data["weights"]))
    return Weights(NAMES, tuple(float(by_name.get(name, 0.0)) for name in NAMES), float(data["drop"]), float(data["doubt"]))


PATTERN_FLOOR = 0.99


def residue_probability(facts: LineFacts, model: Weights | None = None) -> float:
    """P(the line is not article text): the logistic of the weighted features. A line that one
    of the boilerplate patterns names (a disclaimer, a credit, a caption…) is residue at
    ``PATTERN_FLOOR`` whatever else is said of it: those patterns drop no article line of
    any labelled text, real or written here, so their word outweighs the regression's."""
    model = model or weights()
    z = sum(w * x for w, x in zip(model.weights, facts.values))
    p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
    return max(p, PATTERN_FLOOR) if facts.pattern_kind else p


def verdict(probability: float, model: Weights | None = None) -> Verdict:
    model = model or weights()
    return "drop" if probability >= model.drop else "doubt" if probability >= model.doubt else "keep"


def residue_kind(facts: LineFacts) -> str:
    """The label a dropped line gets: its pattern's kind, else the strongest evidence's."""
    if facts.pattern_kind:
        return facts.pattern_kind
    value = dict(zip(NAMES, facts.values))
    for name, kind in (("repeat", "duplicate"), ("title_copy", "title copy"), ("after_related", "related links"),
                       ("link_mark", "link"), ("date_time", "byline")):
        if value[name] and value["short"] + value["medium"]:
            return kind
    if value["widget_share"] >= 0.3:
        return "widget"
    if value["tail"]:
        return "footer"
    if value["head"]:
        return "header"
    return "residue"
