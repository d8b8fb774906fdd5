"""Every kind of engine carries every guarantee: a CTranslate2 model folder (quickmt's layout,
a converted OPUS-MT, M2M-100, NLLB) and a decoder-only LLM, each a synthetic model with real
files (random weights), installed as a user installs it, run through `bilingual run` and
`batch` (both executors), glossary outcomes checked; the prompt's JSON protocol and its
one-sentence retry; the hub download from a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import threading
import zipfile
from pathlib import Path

import pytest

from pipeline.translate.prompt import PromptedEngine, group_messages, read_group_reply, translate_in_groups
from tests.conftest import EXAMPLE, ROOT, invoke
from tests.test_enforce import BEHAVIOURS, prepared

GLOSSARY = str(ROOT / "glossary" / "glossary.csv")
BIN = Path(sys.executable).parent / "bilingual"
CORPUS = EXAMPLE.read_text(encoding="utf-8").splitlines()


@functools.cache
def built(kind: str) -> Path:
    """One synthetic model folder of each kind per session (as its publisher ships it)."""
    import tempfile

    from tests.synthetic_llm import build_llm_folder
    from tests.synthetic_package import build_folder

    folder = Path(tempfile.mkdtemp(prefix="synthetic-")) / f"{kind}-zh-en"
    return build_llm_folder(folder, CORPUS) if kind == "llm" else build_folder(folder, CORPUS, layout=kind)


@pytest.fixture
def models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty models folder and no argos package: the folders are all there is."""
    monkeypatch.setenv("BILINGUAL_MODELS_DIR", str(tmp_path / "models"))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "packages"))
    monkeypatch.chdir(tmp_path)
    return tmp_path / "models"


def install(source: Path | str) -> str:
    result = invoke("models", "install", str(source))
    assert result.exit_code == 0, result.output
    return result.output


def glossary_outcomes(json_path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for segment in json.loads(json_path.read_text(encoding="utf-8"))["segments"]:
        for term in segment.get("terms", []):
            counts[term["status"]] = counts.get(term["status"], 0) + 1
    return counts


# --- CTranslate2 model folders ---------------------------------------------------------------

@pytest.mark.parametrize("layout", ["quickmt", "opus-mt", "m2m100", "nllb"])
def test_a_model_folder_installs_lists_and_translates_the_example_with_every_term_placed(models: Path, layout: str):
    install(built(layout))
    listed = invoke("models", "list").output
    assert re.search(rf"^{layout}-zh-en\tctranslate2\tzh→en\t[0-9a-f]{{12}}\tok \(used\)$", listed, re.M), listed
    result = invoke("run", str(EXAMPLE), "-o", "ex.docx", "--json", "ex.json", "--tmx", "ex.tmx", "--glossary", GLOSSARY, "-q")
    assert result.exit_code == 0, result.output
    document = json.loads(Path("ex.json").read_text(encoding="utf-8"))
    assert document["engine"]["name"] == f"ctranslate2-{layout}" and document["engine"]["package"] == f"{layout}-zh-en"
    outcomes = glossary_outcomes(Path("ex.json"))
    assert outcomes.get("kept", 0) + outcomes.get("repaired", 0) > 20 and not outcomes.get("missing")
    assert all(re.fullmatch(r"[A-Za-z0-9 ,.;:'\"!?()%$-]+", s["en"]) for s in document["segments"] if s["en"])
    assert f"ctranslate2-{layout}" in Path("ex.tmx").read_text(encoding="utf-8")  # the TMX header names the engine


def test_language_tokens_go_around_a_sentence_for_m2m_and_nllb(models: Path):
    from pipeline.translate.engine import make_engine
    from pipeline.translate.models import find_model

    for layout, source, target in (("m2m100", "__zh__", "__en__"), ("nllb", "zho_Hans", "eng_Latn")):
        install(built(layout))
        engine = make_engine(find_model(f"{layout}-zh-en"))
        engine._load()
        tokens = engine._encode("王坚说。")
        assert tokens[0] == source and tokens[-1] == "</s>" and engine._prefix == target
        hypotheses = engine.translate(["王坚说。"])[0]
        assert hypotheses and target not in hypotheses[0].text


@pytest.mark.parametrize("packing", ["tar.gz", "zip"])
def test_an_archive_of_a_model_folder_installs_like_the_folder(models: Path, tmp_path: Path, packing: str):
    folder = built("quickmt")
    archive = tmp_path / f"quickmt-zh-en.{packing}"
    if packing == "zip":
        with zipfile.ZipFile(archive, "w") as zf:
            for file in folder.iterdir():
                zf.write(file, f"quickmt-zh-en/{file.name}")
    else:
        with tarfile.open(archive, "w:gz") as tf:
            tf.add(folder, arcname="quickmt-zh-en")
    assert "installed quickmt-zh-en (ctranslate2)" in install(archive)
    assert (models / "quickmt-zh-en" / "tgt.spm.model").is_file()


@pytest.mark.parametrize("damage, message", [
    (lambda d: (d / "model.bin").unlink(), "is not a CTranslate2 model folder: no model.bin"),
    (lambda d: (d / "tgt.spm.model").unlink(), "has no tokenizer we know"),
])
def test_a_folder_that_is_not_a_model_is_refused_in_one_line(models: Path, tmp_path: Path, damage, message: str):
    folder = tmp_path / "copy"
    shutil.copytree(built("quickmt"), folder)
    damage(folder)
    result = invoke("models", "install", str(folder))
    assert result.exit_code != 0 and message in result.output and "Traceback" not in result.output
    assert not models.exists() or not any(p for p in models.iterdir() if not p.name.startswith("."))


def test_an_archive_member_pointing_outside_is_refused(models: Path, tmp_path: Path):
    archive = tmp_path / "evil.tar.gz"
    with tarfile.open(archive, "w:gz") as tf:
        tf.add(built("quickmt") / "model.bin", arcname="../model.bin")
    result = invoke("models", "install", str(archive))
    assert result.exit_code != 0 and "points outside the folder" in result.output


def test_models_install_quickmt_fetches_the_published_folder_from_its_hub_page(models: Path, tmp_path: Path, monkeypatch):
    """A real HTTP server on 127.0.0.1 serves the folder at the hub's paths."""
    hub = tmp_path / "hub"
    shutil.copytree(built("quickmt"), hub / "quickmt" / "quickmt-zh-en" / "resolve" / "main")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(hub))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("BILINGUAL_HUB_URL", f"http://127.0.0.1:{server.server_address[1]}")
        assert "installed quickmt-zh-en (ctranslate2)" in install("quickmt-zh-en")
    finally:
        server.shutdown()
    assert invoke("run", str(EXAMPLE), "-o", "q.docx", "-q", "--no-cache").exit_code == 0


def test_the_memory_keeps_engines_apart(models: Path, with_model: Path, monkeypatch):
    """A sentence translated by the argos package is not served to the quickmt model."""
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(with_model))
    install(built("quickmt"))
    for name in ("translate-zh_en-synthetic", "quickmt-zh-en"):
        result = invoke("run", str(EXAMPLE), "-o", f"{name}.docx", "--json", f"{name}.json", "--cache", "tm.sqlite", "--model", name, "-q")
        assert result.exit_code == 0, result.output
    first, second = (json.loads(Path(f"{n}.json").read_text(encoding="utf-8")) for n in ("translate-zh_en-synthetic", "quickmt-zh-en"))
    assert [s["en"] for s in first["segments"]] != [s["en"] for s in second["segments"]]


# --- the LLM ------------------------------------------------------------------------------

def test_an_llm_folder_installs_and_translates_the_example_with_every_term_placed(models: Path):
    install(built("llm"))
    assert re.search(r"^llm-zh-en\tllm\tzh→en\t", invoke("models", "list").output, re.M)
    result = invoke("run", str(EXAMPLE), "-o", "ex.html", "--json", "ex.json", "--glossary", GLOSSARY, "-q", "--no-cache")
    assert result.exit_code == 0, result.output
    document = json.loads(Path("ex.json").read_text(encoding="utf-8"))
    assert document["engine"]["name"] == "llm-ctranslate2"
    outcomes = glossary_outcomes(Path("ex.json"))
    assert outcomes.get("kept", 0) + outcomes.get("repaired", 0) > 20 and not outcomes.get("missing")
    assert all(s["en"] for s in document["segments"] if re.search(r"[\u4e00-\u9fff]", s["zh"]))


def test_an_llm_folder_without_a_chat_template_is_refused(models: Path, tmp_path: Path):
    folder = tmp_path / "bare"
    shutil.copytree(built("llm"), folder)
    (folder / "tokenizer_config.json").write_text("{}", encoding="utf-8")
    result = invoke("models", "install", str(folder))
    assert result.exit_code != 0 and "no chat template" in result.output


class Scripted(PromptedEngine):
    """The prompt protocol driven by a script of replies (the real model's replies are random)."""

    def __init__(self, reply):
        self.reply = reply
        self.asked: list[list[dict[str, str]]] = []

    def _chat(self, messages):
        self.asked.append(messages)
        return self.reply(messages)


def json_reply(translate):
    def reply(messages):
        content = messages[-1]["content"]
        if not content.rstrip().endswith("]"):  # a single sentence, asked in plain text
            return translate(content.split("\n\n")[-1])
        items = json.loads(content[content.rindex("\n[") + 1:])
        return json.dumps({"translations": [{"id": item["id"], "en": translate(item["zh"])} for item in items]})
    return reply


def test_a_well_formed_reply_translates_a_group_in_one_request_with_context_and_terms():
    sentences = [f"第{i}句，Wang Jian说。" for i in range(10)]
    engine = Scripted(json_reply(lambda zh: f"Sentence {zh[1]} by Wang Jian."))
    texts = [h[0].text for h in engine.translate(sentences)]
    assert texts == [f"Sentence {i} by Wang Jian." for i in range(10)] and engine.retried == 0
    assert len(engine.asked) == 2  # groups of 8
    second = engine.asked[1][-1]["content"]
    assert "Keep these terms exactly: Wang Jian" in second and "第7句，Wang Jian说。\n→ Sentence 7 by Wang Jian." in second


@pytest.mark.parametrize("bad", [
    "Here you go: Sentence one.",  # not JSON
    '{"translations": [{"id": 1, "en": "one"}]}',  # misaligned: an id missing
    '{"translations": [{"id": 1, "en": "one"}, {"id": 2, "en": ""}]}',  # an empty translation
])
def test_a_malformed_or_misaligned_reply_is_asked_again_one_sentence_at_a_time(bad: str):
    engine = Scripted(lambda messages: bad if messages[-1]["content"].rstrip().endswith("]") else "English: “Plain.”")
    assert [h[0].text for h in engine.translate(["一。", "二。"])] == ["Plain.", "Plain."] and engine.retried == 2
    assert read_group_reply(bad, 2) is None


@pytest.mark.parametrize("behaviour", list(BEHAVIOURS))
def test_a_prompted_engine_that_mangles_terms_still_ends_every_occurrence_kept_or_repaired(behaviour: str):
    from pipeline.translate.stage import translate

    engine = Scripted(json_reply(BEHAVIOURS[behaviour]))
    engine.info = __import__("pipeline.document", fromlist=["EngineInfo"]).EngineInfo("scripted", "s", "0", "cpu")
    engine.cache_key = "scripted"
    result = translate(prepared(), engine)
    assert all(t.status in ("kept", "repaired") for p in result.paragraphs for t in p.terms)


def test_the_group_prompt_is_json_the_model_can_read_back():
    messages = group_messages(["王坚说。", "他笑了。"], [("前文。", "Before.")])
    user = messages[-1]["content"]
    assert json.loads(user[user.rindex("\n[") + 1:]) == [{"id": 1, "zh": "王坚说。"}, {"id": 2, "zh": "他笑了。"}]
    assert translate_in_groups([], lambda m: "")[0] == []


# --- batch, both executors ------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("kind", ["quickmt", "llm"])
def test_a_batch_with_a_model_folder_gives_the_same_editions_with_both_executors(models: Path, kind: str):
    from tests.articles import generate_articles

    install(built(kind))
    generate_articles(Path("in"), 3)
    local = invoke("batch", "in", "-o", "local", "--glossary", GLOSSARY, "--json", "--no-cache", "--workers", "1")
    assert local.exit_code == 0, local.output
    env = {**os.environ, "RAY_ADDRESS": ""}
    ray = subprocess.run([str(BIN), "batch", "in", "-o", "ray", "--glossary", GLOSSARY, "--json", "--no-cache", "--executor", "ray",
                          "--workers", "2"], capture_output=True, text=True, env=env, timeout=300)
    assert ray.returncode == 0, ray.stderr
    written = sorted(p.relative_to("local") for p in Path("local").rglob("*.json") if not p.name.startswith("."))
    assert len(written) == 3
    for path in written:
        ours, theirs = (json.loads((Path(side) / path).read_text(encoding="utf-8")) for side in ("local", "ray"))
        assert ours == theirs and ours["engine"]["package"] == f"{kind}-zh-en"


# --- the chat endpoint: a real llama.cpp server on 127.0.0.1 ---------------------------------

@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory):
    """llama-cpp-python's OpenAI-compatible server, loading a tiny GGUF written here; ended
    by its own process id."""
    import socket
    import time
    import urllib.request

    pytest.importorskip("llama_cpp", reason="the endpoint tests need llama-cpp-python[server] (make test installs it)")
    from tests.synthetic_gguf import build_gguf

    model = build_gguf(tmp_path_factory.mktemp("gguf") / "tiny.gguf")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = open(tmp_path_factory.mktemp("server") / "server.log", "wb")
    server = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
                               "--port", str(port), "--model_alias", "tiny-llama", "--n_ctx", "8192"], stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/models", timeout=2).read()
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"the llama.cpp server ended (exit {server.returncode}); see {log.name}")
                time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_the_chat_endpoint_translates_the_example_with_every_term_placed(llama_server: str, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("run", str(EXAMPLE), "--engine", f"openai:{llama_server}", "-o", "ex.docx", "--json", "ex.json",
                    "--tmx", "ex.tmx", "--glossary", GLOSSARY, "--cache", "tm.sqlite", "-q")
    assert result.exit_code == 0, result.output
    document = json.loads(Path("ex.json").read_text(encoding="utf-8"))
    assert document["engine"] == {"name": "openai-chat", "package": "tiny-llama", "version": llama_server, "device": "endpoint"}
    outcomes = glossary_outcomes(Path("ex.json"))
    assert outcomes.get("kept", 0) + outcomes.get("repaired", 0) > 20 and not outcomes.get("missing")
    assert all(s["en"].strip() for s in document["segments"] if re.search(r"[\u4e00-\u9fff]", s["zh"]))
    again = invoke("run", str(EXAMPLE), "--engine", f"openai:{llama_server}", "-o", "again.docx", "--json", "again.json",
                   "--glossary", GLOSSARY, "--cache", "tm.sqlite", "-q")
    assert again.exit_code == 0 and json.loads(Path("again.json").read_text(encoding="utf-8"))["segments"] == document["segments"]


@pytest.mark.slow
def test_a_batch_through_the_chat_endpoint_with_both_executors(llama_server: str, tmp_path: Path, monkeypatch):
    from tests.articles import generate_articles

    monkeypatch.chdir(tmp_path)
    generate_articles(Path("in"), 2)
    local = invoke("batch", "in", "-o", "local", "--engine", f"openai:{llama_server}", "--json", "--no-cache", "--workers", "1")
    assert local.exit_code == 0, local.output
    env = {**os.environ, "RAY_ADDRESS": ""}
    ray = subprocess.run([str(BIN), "batch", "in", "-o", "ray", "--engine", f"openai:{llama_server}", "--json", "--no-cache",
                          "--executor", "ray", "--workers", "2"], capture_output=True, text=True, env=env, timeout=300)
    assert ray.returncode == 0, ray.stderr
    for path in sorted(Path("local").rglob("*.json")):
        assert json.loads(path.read_text(encoding="utf-8")) == json.loads((Path("ray") / path.relative_to("local")).read_text(encoding="utf-8"))


def test_an_unreachable_endpoint_or_a_malformed_engine_option_is_one_line(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    dead = invoke("run", str(EXAMPLE), "--engine", "openai:http://127.0.0.1:9/v1", "-o", "x.docx", "--no-cache")
    assert dead.exit_code != 0 and "cannot reach the chat endpoint at http://127.0.0.1:9/v1" in dead.output
    wrong = invoke("run", str(EXAMPLE), "--engine", "llama:somewhere", "-o", "x.docx")
    assert wrong.exit_code == 64 and "is not openai:URL" in wrong.output
    assert not Path("x.docx").exists()
