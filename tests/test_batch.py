"""`bilingual batch`: a folder of articles, each coming out as `bilingual run` makes it."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.batch import ArticleReport, BatchOptions, LocalExecutor, find_articles, run_batch, summary
from pipeline.cli import app
from pipeline.edition import prepare, read_document
from tests.conftest import EXAMPLE, ROOT
from tests.damage import ARTICLES, Damage, damage_article
from tests.fake_engine import FakeEngine

runner = CliRunner()
GLOSSARY = str(ROOT / "glossary" / "glossary.csv")
BIN = Path(sys.executable).parent / "bilingual"


def invoke(*args: str):
    return runner.invoke(app, list(args))


def generate_articles(folder: Path, count: int, seed: int = 8) -> list[Path]:
    """``count`` different articles made of paragraphs of our gold articles and the sample,
    each damaged its own way, some in sub-folders, some sharing paragraphs (so that
    sentences repeat across articles)."""
    rng = random.Random(seed)
    pool = [line for gold in sorted(ARTICLES.glob("*.gold.txt")) for line in gold.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    pool += [line for line in EXAMPLE.read_text(encoding="utf-8").splitlines()[5:30] if line.strip()]
    paths = []
    for n in range(count):
        title = f"第{n + 1}篇：" + rng.choice(pool)[:18]
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


def run_json(path: Path, json_path: Path) -> dict:
    result = invoke("run", str(path), "-o", str(json_path.with_suffix(".docx")), "--json", str(json_path), "--glossary", GLOSSARY, "--no-cache", "-q")
    assert result.exit_code == 0, result.output
    return json.loads(json_path.read_text(encoding="utf-8"))


@pytest.fixture
def twenty(with_model: Path, in_tmp: Path) -> list[Path]:
    return generate_articles(Path("in"), 20)


@pytest.mark.slow
def test_twenty_articles_through_both_executors_give_the_json_of_run(twenty: list[Path], with_model: Path):
    Path("single").mkdir()
    expected = {}
    for path in twenty:
        key = path.relative_to("in").with_suffix("").as_posix()
        expected[key] = run_json(path, Path("single") / f"{key.replace('/', '_')}.json")

    local = invoke("batch", "in", "-o", "local", "--glossary", GLOSSARY, "--json", "--no-cache", "--workers", "2")
    assert local.exit_code == 0, local.output
    assert "articles: 20 (20 written, 0 up to date, 0 failed)" in local.output

    # Ray in local mode with 2 CPUs, in its own process as a user would run it.
    env = {**os.environ, "RAY_ADDRESS": ""}
    ray = subprocess.run(
        [str(BIN), "batch", "in", "-o", "ray", "--glossary", GLOSSARY, "--json", "--no-cache", "--executor", "ray", "--workers", "2"],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert ray.returncode == 0, ray.stderr
    assert "articles: 20 (20 written, 0 up to date, 0 failed)" in ray.stderr

    for key, document in expected.items():
        assert json.loads(Path("local", f"{key}.json").read_text(encoding="utf-8")) == document, key
        assert json.loads(Path("ray", f"{key}.json").read_text(encoding="utf-8")) == document, key
        assert Path("local", f"{key}.docx").is_file() and Path("ray", f"{key}.docx").is_file()
    assert sum(len(d["segments"]) for d in expected.values()) > 100  # real articles, not stubs


def test_a_rerun_skips_up_to_date_articles_and_rebuilds_what_changed(with_model: Path, in_tmp: Path):
    paths = generate_articles(Path("in"), 3)
    first = invoke("batch", "in", "--glossary", GLOSSARY, "--json", "--cache", "tm.sqlite")
    assert first.exit_code == 0, first.output
    stamps = {p: p.stat().st_mtime_ns for p in Path("output").rglob("*.docx")}
    assert len(stamps) == 3

    again = invoke("batch", "in", "--glossary", GLOSSARY, "--json", "--cache", "tm.sqlite")
    assert "(0 written, 3 up to date, 0 failed)" in again.output
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps

    paths[1].write_text("新的标题\n补充一句新的话。\n", encoding="utf-8")
    changed = invoke("batch", "in", "--glossary", GLOSSARY, "--json", "--cache", "tm.sqlite")
    assert "(1 written, 2 up to date, 0 failed)" in changed.output
    touched = {p for p in stamps if p.stat().st_mtime_ns != stamps[p]}
    assert touched == {Path("output") / paths[1].relative_to("in").with_suffix(".docx")}

    glossary = Path("g.csv")
    glossary.write_text(Path(GLOSSARY).read_text(encoding="utf-8") + "新词,new word,term,\n", encoding="utf-8")
    rebuilt = invoke("batch", "in", "--glossary", "g.csv", "--json", "--cache", "tm.sqlite")
    assert "(3 written, 0 up to date, 0 failed)" in rebuilt.output  # another glossary: every article


def test_a_failed_article_is_reported_and_the_others_are_written(with_model: Path, in_tmp: Path):
    generate_articles(Path("in"), 2)
    Path("in/empty.txt").write_bytes(b"")
    Path("in/binary.txt").write_bytes(bytes(range(256)) * 4)
    result = invoke("batch", "in", "--glossary", GLOSSARY, "--no-cache")
    assert result.exit_code == 1
    assert "(2 written, 0 up to date, 2 failed)" in result.output
    assert "failed: empty.txt: in/empty.txt: the file is empty" in result.output
    assert "failed: binary.txt: in/binary.txt:" in result.output
    assert sorted(p.name for p in Path("output").rglob("*.docx")) == ["article-00.docx", "article-01.docx"]
    assert "Traceback" not in result.output


def test_existing_files_it_did_not_write_are_kept_unless_forced(with_model: Path, in_tmp: Path):
    generate_articles(Path("in"), 2)
    Path("output").mkdir()
    mine = Path("output/article-01.docx")
    mine.write_bytes(b"my own document")
    result = invoke("batch", "in", "--glossary", GLOSSARY, "--no-cache")
    assert result.exit_code == 1 and "output/article-01.docx: already exists — pass --force" in result.output
    assert mine.read_bytes() == b"my own document"
    assert Path("output/desk/article-00.docx").is_file()
    forced = invoke("batch", "in", "--glossary", GLOSSARY, "--no-cache", "--force")
    assert forced.exit_code == 0 and mine.read_bytes() != b"my own document"


def test_articles_are_found_recursively_and_outputs_are_never_read_as_inputs(in_tmp: Path):
    for name in ("a.txt", "sub/b.txt", "sub/deeper/c.txt", ".hidden/d.txt", "notes.md", "out/old.txt"):
        Path("in", name).parent.mkdir(parents=True, exist_ok=True)
        Path("in", name).write_text("标题\n正文。\n", encoding="utf-8")
    articles = find_articles(Path("in"), Path("in/out"), "*.txt", BatchOptions())
    assert [a.relative for a in articles] == ["a.txt", "sub/b.txt", "sub/deeper/c.txt"]
    assert articles[2].output(".docx") == Path("in/out/sub/deeper/c.docx")
    assert [a.relative for a in find_articles(Path("in"), Path("elsewhere"), "*.md", BatchOptions())] == ["notes.md"]


def test_bad_folders_and_options_are_one_line_errors(in_tmp: Path, without_model: Path):
    missing = invoke("batch", "nowhere")
    assert missing.exit_code == 1 and missing.output.strip() == "error: nowhere: is not a folder — give the folder that holds the articles"
    Path("in").mkdir()
    empty = invoke("batch", "in")
    assert empty.exit_code == 1 and "no file matches '*.txt'" in empty.output
    Path("in/a.txt").write_text("标题\n正文。\n", encoding="utf-8")
    no_model = invoke("batch", "in")
    assert no_model.exit_code == 2 and no_model.output.startswith("error: ")
    wrong = invoke("batch", "in", "--executor", "spark")
    assert wrong.exit_code == 2 and "use local or ray" in wrong.output


def test_the_ray_executor_without_ray_says_how_to_get_it(with_model: Path, in_tmp: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray → ImportError
    generate_articles(Path("in"), 1)
    result = invoke("batch", "in", "--executor", "ray", "--no-cache")
    assert result.exit_code == 1
    assert result.output.strip() == "error: the Ray executor needs Ray — pip install 'bilingual-edition[ray]', or use --executor local"


class CountingEngine(FakeEngine):
    """The scripted engine, counting calls and failing on one poisoned sentence."""

    def __init__(self, poison: str | None = None):
        super().__init__()
        self.poison = poison

    def translate(self, sentences, on_result=None):
        from pipeline.errors import ModelError

        if self.poison and any(self.poison in s for s in sentences):
            raise ModelError("the translation engine failed (poisoned)")
        return super().translate(sentences, on_result)


def write_articles(folder: Path, texts: dict[str, str]) -> list:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return find_articles(folder, Path("out"), "*.txt", BatchOptions())


def test_a_chunk_of_articles_goes_to_the_engine_in_one_call_with_shared_sentences_once(in_tmp: Path):
    articles = write_articles(Path("in"), {f"{n}.txt": f"标题{n}\n大家好。今天天气很好。\n第{n}段。\n" for n in range(6)})
    engine = CountingEngine()
    executor = LocalExecutor(engine, BatchOptions(), workers=1)
    try:
        reports = run_batch(articles, BatchOptions(), executor, out_dir=Path("out"))
    finally:
        executor.close()
    assert [r.status for r in reports] == ["written"] * 6
    # 6 titles + 6 "第n段。" + the 2 shared sentences once
    assert [len(call) for call in engine.calls] == [14]


def test_an_article_that_breaks_the_engine_fails_alone(in_tmp: Path):
    articles = write_articles(Path("in"), {"a.txt": "标题甲\n你好。\n", "b.txt": "标题乙\n毒药句子。\n", "c.txt": "标题丙\n再见。\n"})
    engine = CountingEngine(poison="毒药")
    executor = LocalExecutor(engine, BatchOptions(), workers=1)
    try:
        reports = run_batch(articles, BatchOptions(), executor, out_dir=Path("out"))
    finally:
        executor.close()
    assert [(r.relative, r.status) for r in reports] == [("a.txt", "written"), ("b.txt", "failed"), ("c.txt", "written")]
    assert reports[1].reason == "the translation engine failed (poisoned)"
    assert sorted(p.name for p in Path("out").iterdir() if p.suffix == ".docx") == ["a.docx", "c.docx"]


def test_the_summary_lists_each_article_the_totals_and_every_failure():
    reports = [
        ArticleReport("a.txt", "written", paragraphs=3, sentences=10, cached=2, kept=4, repaired=1, missing=0),
        ArticleReport("sub/b.txt", "up to date", paragraphs=2, sentences=5, cached=5, kept=1),
        ArticleReport("c.txt", "failed", "in/c.txt: the file is empty"),
    ]
    text = summary(reports)
    assert text.splitlines()[0].split() == ["article", "status", "paragraphs", "sentences", "cached", "kept", "repaired", "missing"]
    assert text.splitlines()[1].split() == ["a.txt", "written", "3", "10", "2", "4", "1", "0"]
    assert "articles: 3 (1 written, 1 up to date, 1 failed); paragraphs 5, sentences 15 (7 cached); glossary: 5 kept, 1 repaired, 0 missing" in text
    assert text.splitlines()[-1] == "failed: c.txt: in/c.txt: the file is empty"
    assert len(summary(reports * 30).splitlines()) == 1 + 30  # no per-article rows past 50: totals and failures
