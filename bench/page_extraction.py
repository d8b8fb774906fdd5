"""Saved pages: our extraction (reader + normalizer) against each page's reference text,
and trafilatura alone on the same pages, from ``../shared/pages/`` (not in this repository).

For each page: the headline, and the character recall and precision of the edition's
Chinese against the reference — Han characters in order, both sides through OpenCC t2s,
matched by longest common subsequence; a caption counts as found when it is listed as
dropped. Also the extraction time of a 1 MB page.

    .venv/bin/python bench/page_extraction.py
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PAGES = ROOT.parent / "shared" / "pages"
HAN = re.compile(r"[\u3400-\u9fff]")


def han(text: str) -> str:
    from opencc import OpenCC

    return "".join(HAN.findall(OpenCC("t2s").convert(text)))


def reference(name: str) -> tuple[str, list[str], list[str]]:
    """The reference text of a page, and (for snippet references) what must and must not be there."""
    if name.startswith("bbc"):
        return (PAGES / "bbc-zhongwen-2012.expected.txt").read_text(encoding="utf-8"), [], []
    if name.startswith("pixnet"):
        import lxml.html

        tree = lxml.html.fromstring((PAGES / "pixnet-tw-blog-2013.readability-output.html").read_text(encoding="utf-8"))
        return "\n".join(tree.itertext()), [], []
    if name.startswith("163"):
        return (PAGES / "163-money-2015.other-extractor-output.gbk.txt").read_bytes().decode("gb18030"), [], []
    entry = next(iter(json.loads((PAGES / "xinhua-hebei-2012.expected-snippets.json").read_text(encoding="utf-8")).values()))
    return "".join(entry["with"]), entry["with"], entry["without"]


def contains(text: str, snippet: str) -> bool:
    """A snippet is in the text: by its Han characters, or as written when it has none."""
    return han(snippet) in han(text) if han(snippet) else snippet.lower() in text.lower()


def scores(ours: str, found: str, ref: str) -> tuple[float, float]:
    from rapidfuzz.distance import LCSseq

    a, b, r = han(ours), han(found), han(ref)
    recall = LCSseq.similarity(b, r) / max(1, len(r))
    precision = LCSseq.similarity(a, r) / max(1, len(a))
    return recall, precision


def main() -> None:
    if not PAGES.is_dir():
        raise SystemExit(f"{PAGES} is absent: the pages are read from ../shared/pages/ beside the checkout")
    import trafilatura

    from pipeline.edition import prepare
    from pipeline.read.formats import read_document

    print(f"{'page':40} {'headline':34} {'recall':>7} {'precision':>9}   trafilatura: headline / recall / precision")
    for path in sorted(PAGES.glob("*.html")):
        if "readability-output" in path.name:
            continue
        document = prepare(read_document(path))
        kept = "\n".join(p.source_text for p in document.paragraphs)
        captions = "\n".join(d.text for d in document.dropped if d.kind == "caption")
        ref, must, must_not = reference(path.name)
        recall, precision = scores(kept, kept + captions, ref)
        if must:  # a snippet reference: which must be there, which must not (precision has no reference)
            text = han(kept)
            present, absent = sum(contains(kept, s) for s in must), sum(not contains(kept, s) for s in must_not)
            recall = sum(len(han(s)) for s in must if han(s) in text) / sum(len(han(s)) for s in must)
            precision = absent / len(must_not)
        result = trafilatura.bare_extraction(path.read_bytes(), with_metadata=True, include_tables=True)
        t_title, t_text = result.title or "", result.text or ""
        t_recall, t_precision = scores(t_title + "\n" + t_text, t_title + "\n" + t_text, ref)
        if must:
            t_recall = sum(len(han(s)) for s in must if han(s) in han(t_text)) / sum(len(han(s)) for s in must)
            t_precision = sum(not contains(t_text, s) for s in must_not) / len(must_not)
        title = document.title.zh if document.title else ""
        print(f"{path.name:40} {title[:32]:34} {recall:7.3f} {precision:9.3f}   {t_title[:30]} / {t_recall:.3f} / {t_precision:.3f}")
        if must:
            print(f"{'':40} (snippets: {present}/{len(must)} present, {absent}/{len(must_not)} absent; "
                  f"trafilatura {sum(contains(t_text, s) for s in must)}/{len(must)}, {sum(not contains(t_text, s) for s in must_not)}/{len(must_not)})")
    page = (PAGES / "bbc-zhongwen-2012.html").read_text(encoding="utf-8")
    body = page.split("</body>")[0]
    big = body + ("<div class='related'><ul>" + "<li><a href='#'>相关新闻标题一则很长的链接文本</a></li>" * 400 + "</ul></div>") * 40 + "</body></html>"
    from pipeline.read.page import extract_page

    started = time.perf_counter()
    extract_page(big, Path("big.html"))
    print(f"extraction of a {len(big.encode()) / 1e6:.1f} MB page: {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
