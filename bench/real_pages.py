"""Real saved pages and their references, from ``../shared/pages/`` and ``pages/dev/`` (not in
this repository), split once — before any tuning — into the pages the page reader is
developed on and the third set aside to be scored at first sight.

Every page with a reference of any kind is a case: a human copy of the content area
(``.expected.txt`` of the Chinese-Web-Content-Extraction-Dataset, newspaper4k's expected
text), another extractor's output (GeneralNewsExtractor, Readability.js, cx-extractor,
zhihu-py3 — loose: they keep lines an edition drops, or split at links), hand-written
snippets and titles (twnews' test assertions, wechat-article-exporter's sample titles).
The measure is the one ``bench/page_extraction.py`` has always used: Han characters in
order, both sides through OpenCC t2s, matched by longest common subsequence.

    .venv/bin/python bench/real_pages.py [--set tune|aside|all] [--extractors]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PAGES = ROOT.parent / "shared" / "pages"
DEV = PAGES / "dev"
HAN = re.compile(r"[\u3400-\u9fff]")
# Set aside before any tuning of the page reader: every dev page whose number is a multiple
# of three, and one of the four older pages — a third, spread over every kind of site.
ASIDE_OLD = ("pixnet-tw-blog-2013.traditional.html",)
HUMAN = ("expected.txt-human", "newspaper4k")


@dataclass(frozen=True)
class Case:
    """A page and what is known of its right answer."""

    path: Path
    reference: str = ""  # text the article should match ("" = none)
    kind: str = ""  # human | newspaper4k | gne | readability | cx | zhihu | snippets
    title: str = ""  # the headline, exactly ("" = unknown)
    title_contains: str = ""  # a substring the headline must hold
    snippets: tuple[str, ...] = field(default=())  # must be in the body
    absent: tuple[str, ...] = field(default=())  # must not be

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def aside(self) -> bool:
        m = re.match(r"(\d\d)_", self.name)
        return self.name in ASIDE_OLD if m is None else int(m.group(1)) % 3 == 0

    @property
    def human(self) -> bool:
        return self.kind in HUMAN


@lru_cache(maxsize=None)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


def han(text: str) -> str:
    return "".join(HAN.findall(_t2s().convert(text)))


def scores(body: str, found: str, reference: str) -> tuple[float, float]:
    """Recall of the reference in what the edition shows (``found``: headline, body and the
    captions it lists, each caption in its place) and precision of the body against the
    reference."""
    from rapidfuzz.distance import LCSseq

    a, b, r = han(body), han(found), han(reference)
    return LCSseq.similarity(b, r) / max(1, len(r)), LCSseq.similarity(a, r) / max(1, len(a))


def contains(text: str, snippet: str) -> bool:
    """A snippet is in the text: by its Han characters, or as written when it has none."""
    return han(snippet) in han(text) if han(snippet) else snippet.lower() in text.lower()


def same_headline(ours: str, case: Case) -> bool | None:
    """Whether the headline is right, where the page has a known one (None: unknown)."""
    squeeze = lambda s: re.sub(r"[\W_]+", "", _t2s().convert(s))  # noqa: E731
    if case.title:
        return squeeze(ours) == squeeze(case.title)
    if case.title_contains:
        return squeeze(case.title_contains) in squeeze(ours) and len(squeeze(ours)) <= 2 * len(squeeze(case.title_contains)) + 10
    return None


def _read(path: Path) -> str:
    data = path.read_bytes()
    return data.decode("gb18030") if re.search(r"\.expected\.(gb2312|gbk)\.txt$", path.name) else data.decode("utf-8-sig")


def _old_cases() -> list[Case]:
    import lxml.html

    snippets = next(iter(json.loads((PAGES / "xinhua-hebei-2012.expected-snippets.json").read_text("utf-8")).values()))
    readability = lxml.html.fromstring((PAGES / "pixnet-tw-blog-2013.readability-output.html").read_text("utf-8"))
    return [
        Case(PAGES / "bbc-zhongwen-2012.html", _read(PAGES / "bbc-zhongwen-2012.expected.txt"), "newspaper4k"),
        Case(PAGES / "pixnet-tw-blog-2013.traditional.html", "\n".join(readability.itertext()), "readability"),
        Case(PAGES / "163-money-2015.gbk.html", (PAGES / "163-money-2015.other-extractor-output.gbk.txt").read_bytes().decode("gb18030"), "cx"),
        Case(PAGES / "xinhua-hebei-2012.gb2312.html", "", "snippets", snippets=tuple(snippets["with"]), absent=tuple(snippets["without"])),
    ]


def _dev_case(page: Path) -> Case:
    import lxml.html

    stem = page.name[: -len(".html")]
    siblings = {p.name[len(stem):]: p for p in DEV.glob(stem + ".*") if p != page}
    title = _read(siblings[".title.txt"]).strip() if ".title.txt" in siblings else ""
    if ".expected-snippets.json" in siblings:
        entry = json.loads(_read(siblings[".expected-snippets.json"]))
        return Case(page, "", "snippets", title_contains=entry.get("title_contains") or title, snippets=tuple(entry.get("with") or ()))
    for suffix, kind in ((".expected.txt", ""), (".expected.gb2312.txt", "cx"), (".expected.gbk.txt", "cx"), (".expected.md", "zhihu")):
        if suffix in siblings:
            kind = kind or ("gne" if title else "expected.txt-human")
            return Case(page, _read(siblings[suffix]), kind, title=title)
    if ".readability-output.html" in siblings:
        text = "\n".join(lxml.html.fromstring(_read(siblings[".readability-output.html"])).itertext())
        return Case(page, text, "readability", title=title)
    return Case(page, title=title)


def cases(which: str = "all") -> list[Case]:
    """Every real page (``which``: tune, aside or all), references attached."""
    if not DEV.is_dir():
        raise SystemExit(f"{DEV} is absent: the pages are read from ../shared/pages/ beside the checkout")
    found = _old_cases() + [_dev_case(p) for p in sorted(DEV.glob("[0-9][0-9]_*.html")) if "readability-output" not in p.name]
    return [c for c in found if which == "all" or c.aside == (which == "aside")]


@dataclass(frozen=True)
class Outcome:
    headline: str
    body: str
    found: str
    seconds: float


def ours(case: Case) -> Outcome:
    """The edition's text: the page reader, then the normalizer, as ``bilingual run`` does."""
    from pipeline.edition import prepare
    from pipeline.errors import InputError
    from pipeline.read.formats import read_document

    started = time.perf_counter()
    try:
        document = prepare(read_document(case.path))
    except InputError as error:
        print(f"  {case.name}: {error}")
        return Outcome("", "", "", time.perf_counter() - started)
    seconds = time.perf_counter() - started
    body = "\n".join(p.source_text for p in document.paragraphs)
    # what the edition shows: its paragraphs, and the captions it lists, each in its place
    shown = sorted([(p.line, p.source_text) for p in document.paragraphs] +
                   [(d.line, d.text) for d in document.dropped if d.kind == "caption"])
    headline = document.title.zh if document.title else ""
    return Outcome(headline, body, "\n".join([headline] + [text for _, text in shown]), seconds)


def trafilatura_alone(case: Case, fast: bool = False) -> Outcome:
    """trafilatura on the page's bytes: its title and text (``fast``: without its readability
    and jusText fallbacks)."""
    import trafilatura

    started = time.perf_counter()
    result = trafilatura.bare_extraction(case.path.read_bytes(), with_metadata=True, include_tables=True, fast=fast)
    seconds = time.perf_counter() - started
    title, text = (result.title or "", result.text or "") if result else ("", "")
    return Outcome(title, text, title + "\n" + text, seconds)


def readability_alone(case: Case) -> Outcome:
    """readability-lxml (the Python port of Arc90's Readability) on the page, decoded as the
    reader decodes it: its short title and the text of its summary."""
    import lxml.html
    from readability import Document

    from pipeline.read.page import decode_page

    started = time.perf_counter()
    html, _ = decode_page(case.path.read_bytes(), case.path)
    try:
        document = Document(html)
        title, summary = document.short_title(), document.summary(html_partial=True)
        text = "\n".join(t.strip() for t in lxml.html.fromstring(summary).itertext() if t.strip()) if summary.strip() else ""
    except Exception:  # noqa: BLE001 — a page it cannot read scores zero, as a user would see it
        title, text = "", ""
    return Outcome(title, text, title + "\n" + text, time.perf_counter() - started)


def judge(case: Case, outcome: Outcome) -> dict:
    """Recall, precision (None without a text reference), snippets found and the headline."""
    row: dict = {"page": case.name, "kind": case.kind or "-", "headline": outcome.headline, "seconds": outcome.seconds,
                 "right_headline": same_headline(outcome.headline, case)}
    if case.reference:
        row["recall"], row["precision"] = scores(outcome.body, outcome.found, case.reference)
    if case.snippets:
        row["snippets"] = sum(contains(outcome.found, s) for s in case.snippets) / len(case.snippets)
    if case.absent:
        row["absent"] = sum(not contains(outcome.body, s) for s in case.absent) / len(case.absent)
    return row


def meets(row: dict) -> bool | None:
    """Recall ≥ 0.97 and precision ≥ 0.95 — the issue's bar — where there is a text reference."""
    return None if "recall" not in row else row["recall"] >= 0.97 and row["precision"] >= 0.95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("tune", "aside", "all"), default="tune")
    parser.add_argument("--extractors", action="store_true",
                        help="also score trafilatura (with and without its fallbacks) and readability-lxml alone")
    parser.add_argument("--only", default="", help="pages whose name contains this")
    args = parser.parse_args()
    others = {"trafilatura": trafilatura_alone, "trafilatura-fast": lambda c: trafilatura_alone(c, fast=True),
              "readability": readability_alone}
    runners = {"ours": ours} | (others if args.extractors else {})
    rows: dict[str, list[dict]] = {name: [] for name in runners}
    for case in cases(args.set):
        if args.only and args.only not in case.name:
            continue
        line = f"{case.name[:34]:34} {case.kind[:11]:11}"
        for name, run in runners.items():
            row = judge(case, run(case))
            rows[name].append(row)
            figures = f"{row.get('recall', float('nan')):5.3f} {row.get('precision', float('nan')):5.3f}"
            mark = {True: "✓", False: "✗", None: " "}
            line += f" | {figures} {mark[meets(row)]} {mark[row['right_headline']]} {row['headline'][:24]}"
        print(line, flush=True)
    for name, got in rows.items():
        scored = [r for r in got if "recall" in r]
        human = [r for r in scored if r["kind"] in HUMAN]
        titled = [r for r in got if r["right_headline"] is not None]
        snippets = [r["snippets"] for r in got if "snippets" in r]
        slowest = max(got, key=lambda r: r["seconds"])
        print(f"{name}: meets the bar {sum(map(meets, scored))}/{len(scored)} "
              f"(human references {sum(map(meets, human))}/{len(human)}); "
              f"headline {sum(r['right_headline'] for r in titled)}/{len(titled)}; "
              f"snippets found {sum(snippets)}/{len(snippets)}; slowest {slowest['page']} {slowest['seconds']:.2f} s")
    largest_page()


def largest_page() -> None:
    """The reader alone on the largest development page, against trafilatura on the same bytes."""
    import trafilatura

    from pipeline.read.formats import read_document

    path = max(DEV.glob("[0-9][0-9]_*.html"), key=lambda p: p.stat().st_size)
    timings = {}
    for name, run in (("reader", lambda: read_document(path)),
                      ("trafilatura", lambda: trafilatura.bare_extraction(path.read_bytes(), with_metadata=True))):
        run()  # warm: imports and caches
        started = time.perf_counter()
        for _ in range(3):
            run()
        timings[name] = (time.perf_counter() - started) / 3
    print(f"largest page {path.name} ({path.stat().st_size / 1e6:.1f} MB): reader {timings['reader']:.2f} s, "
          f"trafilatura alone {timings['trafilatura']:.2f} s (ratio {timings['reader'] / timings['trafilatura']:.2f})")


if __name__ == "__main__":
    main()
