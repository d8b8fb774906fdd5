"""The real CTranslate2 engine on the synthetic package, and the translate stage's logic."""

from __future__ import annotations

import time

from pipeline.document import Document, Paragraph, Speaker
from pipeline.translate.engine import load_engine
from pipeline.segment import segment
from pipeline.translate.stage import translate
from tests.conftest import EXAMPLE, SYNTHETIC_OUTPUT_TOKENS
from tests.fake_engine import FakeEngine


def test_engine_translates_a_batch_deterministically_and_in_order(with_model):
    engine = load_engine()
    sentences = ["阿里云创始人王坚接受采访。", "你怎么看？", "短", "阿里云创始人王坚接受采访。"]
    first = [hyps[0].text for hyps in engine.translate(sentences)]
    assert first == [hyps[0].text for hyps in engine.translate(sentences)]
    assert first[0] == first[3]
    assert all(len(t.split()) == SYNTHETIC_OUTPUT_TOKENS for t in first)
    assert engine.info.package == "translate-zh_en-synthetic"


def test_engine_returns_n_best_with_scores(with_model):
    hypotheses = load_engine().translate(["Wang Jian表示，阿里云创始人接受采访。"])[0]
    assert len(hypotheses) == 4
    assert [h.score for h in hypotheses] == sorted((h.score for h in hypotheses), reverse=True)


def test_alignment_covers_each_target_token_and_does_not_depend_on_the_batch(with_model):
    engine = load_engine()
    source = "Wang Jian表示，阿里云创始人接受采访。"
    text = engine.translate([source])[0][0].text
    others = [("你好。", "hello there"), ("一个很长的句子" * 5, "a long one indeed")]
    alone = engine.align([(source, text)])[0]
    together = engine.align([*others, (source, text)])[2]
    assert alone == together and len(alone) == SYNTHETIC_OUTPUT_TOKENS
    for start, end, source_offset in alone:
        assert 0 <= start < end <= len(text) and 0 <= source_offset < len(source)


def test_alignments_of_many_pairs_decoded_in_padded_batches_equal_each_decoded_alone(with_model):
    engine = load_engine()
    sources = [f"第{n}个句子讲的是{'不同的' * n}事情。" for n in range(1, 13)]
    pairs = [(source, hyps[0].text) for source, hyps in zip(sources, engine.translate(sources))]
    together = engine.align(pairs)
    assert together == [engine.align([pair])[0] for pair in pairs]
    assert together[::-1] == engine.align(pairs[::-1])


def test_engine_output_depends_on_the_source(with_model):
    engine = load_engine()
    outputs = engine.translate([f"第{n}个句子讲的是不同的事情。" * (n % 3 + 1) for n in range(12)])
    assert len({hyps[0].text for hyps in outputs}) > 1


def test_translate_sends_each_distinct_text_once_in_one_call():
    engine = FakeEngine()
    document = segment(
        Document(
            "x.txt",
            (),
            paragraphs=(
                Paragraph("p1", "title", "标题", 1),
                Paragraph("p2", "turn", "你好。你好。", 2, speaker=Speaker("记者")),
                Paragraph("p3", "turn", "再见。", 3, speaker=Speaker("记者")),
                Paragraph("p4", "turn", "好。", 4, speaker=Speaker("王坚", "Wang Jian")),
            ),
        )
    )
    result = translate(document, engine)
    assert len(engine.calls) == 1
    assert sorted(engine.calls[0]) == sorted(["记者", "标题", "你好。", "再见。", "好。"])
    assert result.paragraphs[1].en == "EN[你好。] EN[你好。]"
    assert result.paragraphs[1].speaker.en == "EN[记者]"
    assert result.paragraphs[3].speaker.en == "Wang Jian"
    assert result.engine.name == "fake"


def test_auto_device_resolves_to_a_real_device(with_model):
    engine = load_engine("auto")
    assert engine.info.device in ("cpu", "cuda") and engine.warnings == []


def test_cuda_without_a_gpu_falls_back_to_the_cpu_with_one_warning(with_model, monkeypatch):
    import ctranslate2

    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 0)
    engine = load_engine("cuda")
    assert engine.info.device == "cpu"
    assert engine.warnings == ["CUDA was asked for but no CUDA device is visible; translating on the CPU"]
    assert engine.translate(["你好。"])[0][0].text


def test_cuda_that_fails_to_load_falls_back_to_the_cpu(with_model, monkeypatch):
    """A GPU is visible but CUDA 12 libraries are missing (libcublas.so.12)."""
    import ctranslate2

    from pipeline.translate.seq2seq import Seq2SeqEngine
    from pipeline.translate.models import find_model

    real = ctranslate2.Translator

    def translator(path, device="cpu", **kwargs):
        if device == "cuda":
            raise RuntimeError("Library libcublas.so.12 is not found or cannot be loaded")
        return real(path, device=device, **kwargs)

    monkeypatch.setattr(ctranslate2, "Translator", translator)
    engine = Seq2SeqEngine(find_model(), device="cuda")
    assert engine.translate(["你好。"])[0][0].text
    assert engine.info.device == "cpu" and "libcublas.so.12" in engine.warnings[0]


def test_each_result_is_reported_as_it_finishes(with_model):
    seen = []
    out = load_engine().translate(["一。", "二二二二。", "三。"], on_result=lambda i, h: seen.append((i, h[0].text)))
    assert sorted(seen) == [(i, hyps[0].text) for i, hyps in enumerate(out)]


def test_unknown_device_is_refused(with_model):
    import pytest

    from pipeline.errors import UsageError

    with pytest.raises(UsageError, match="unknown device 'tpu'"):
        load_engine("tpu")


def test_results_arrive_as_the_decoding_goes_so_progress_moves(with_model):
    """CTranslate2 decodes its longest batch first; sentences go in longest first, so the
    results (and the bar) come as batches finish, not all at the end."""

    from pipeline.translate.engine import load_engine

    engine = load_engine()
    engine.settings = type(engine.settings)(max_batch_tokens=64)  # several batches even for the tiny model
    sentences = [line for line in EXAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    seen: list[int] = []
    engine.translate(sentences, lambda index, hypotheses: seen.append(index))
    lengths = [len(engine._sp.encode(sentences[i], out_type=str)) for i in seen]
    assert lengths == sorted(lengths, reverse=True) and sorted(seen) == list(range(len(sentences)))


def test_the_run_bar_shows_the_phase_the_rate_and_the_time_left():
    import io

    from rich.console import Console
    from rich.progress import Progress

    from pipeline.progress import sentence_columns

    out = io.StringIO()
    with Progress(*sentence_columns(), console=Console(file=out, force_terminal=True, width=120)) as bar:
        task = bar.add_task("translating", total=94)
        for done in [*range(0, 94, 10), 94]:
            bar.update(task, completed=done)
            time.sleep(0.01)
    text = out.getvalue()
    assert "translating" in text and "94/94" in text and "/s" in text and "left" in text
