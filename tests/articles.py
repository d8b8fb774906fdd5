"""Generated articles for batch tests and benchmarks: real Chinese paragraphs (our gold
articles and the sample), recombined and damaged a different way each."""

from __future__ import annotations

import random
import re
from pathlib import Path

from tests.damage import ARTICLES, Damage, damage_article

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "wang-jian-sora.txt"


def generate_articles(folder: Path, count: int, seed: int = 8, *, mixed: bool = False) -> list[Path]:
    """``count`` different articles made of paragraphs of our gold articles and the sample,
    each damaged its own way, some in sub-folders, some sharing paragraphs (so that
    sentences repeat across articles). ``mixed`` builds the paragraphs from clauses drawn
    at random instead, so that nearly every sentence is new, as in a real newsroom's batch."""
    rng = random.Random(seed)
    gold = [line for path in sorted(ARTICLES.glob("*.gold.txt")) for line in path.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    pool = gold + [line for line in EXAMPLE.read_text(encoding="utf-8").splitlines()[5:30] if line.strip()]
    clauses = [c for line in gold for c in re.split(r"[，。；！？：“”]", line) if len(c) >= 4]
    paths = []
    for n in range(count):
        title = f"第{n + 1}篇：" + rng.choice(pool)[:18]
        if mixed:
            body = [
                "".join("，".join(rng.sample(clauses, rng.randint(2, 3))) + "。" for _ in range(rng.randint(2, 5)))
                for _ in range(rng.randint(3, 9))
            ]
        else:
            body = rng.sample(pool, rng.randint(3, 9))
        damage = Damage(
            script=rng.choice(["per-char", "s2t", "s2tw"]),
            pinyin_rate=rng.choice([0.0, 0.05, 0.15]),
            toneless=rng.random() < 0.3,
            markup=rng.random() < 0.3,
            mojibake=("?!?/p>",) if rng.random() < 0.3 else (),
            captions=("图片来源：网络",) if rng.random() < 0.3 else (),
            disclaimers=("（本文仅代表作者观点）",) if rng.random() < 0.3 else (),
            empty_lines=rng.random() < 0.5,
            control_chars=rng.random() < 0.2,
            encoding=rng.choice(["utf-8", "utf-8", "gb18030", "utf-16"]),
            newline=rng.choice(["\n", "\r\n"]),
            seed=n,
        )
        path = folder / ("desk" if n % 4 == 0 else "") / f"article-{n:02d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(damage_article([title, *body], damage))
        paths.append(path)
    return paths
