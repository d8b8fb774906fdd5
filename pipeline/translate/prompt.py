"""The LLM translators' prompt and the reading of their replies: one definition for the
in-process model (``llm``) and the chat endpoint (``endpoint``).

A group of sentences goes in one request as numbered JSON, with the sentences before it and
their translations as context, and the terms the glossary already wrote into them (a
protected sentence carries its targets: ``Wang Jian表示…``) listed to keep exactly. The
reply must be one JSON object with a translation per id; a malformed or misaligned reply is
asked again one sentence at a time, in plain text. Temperature 0 (greedy). The prompt is
advisory for the glossary: verification and repair run after it, as for every engine, and
one translation per sentence keeps the editions' alignment exact.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from pipeline.errors import InstallError, ModelError
from pipeline.translate.enforce import Hypothesis

PROMPT_VERSION = "1"  # part of the memory's key: a changed prompt is a changed engine
GROUP = 8  # sentences per request
CONTEXT = 3  # sentences before the group, with their translations
SYSTEM = ("You are a professional translator from Chinese to English. Translate faithfully and fluently, "
          "sentence by sentence; never add, drop or merge sentences. English words and names already in "
          "the Chinese are the glossary's renderings: keep them exactly as written.")
LATIN_TERM = re.compile(r"[A-Za-z][A-Za-z0-9&'.-]*(?: [A-Z][A-Za-z0-9&'.-]*)*")


def group_messages(sentences: Sequence[str], context: Sequence[tuple[str, str]]) -> list[dict[str, str]]:
    """The chat for one group: the numbered sentences as JSON, the context before them."""
    terms = sorted({m.group() for s in sentences for m in LATIN_TERM.finditer(s)})
    parts = []
    if context:
        parts.append("Earlier in the article (for context; do not translate again):\n"
                     + "\n".join(f"{zh}\n→ {en}" for zh, en in context))
    if terms:
        parts.append("Keep these terms exactly: " + "; ".join(terms))
    numbered = [{"id": i + 1, "zh": s} for i, s in enumerate(sentences)]
    parts.append('Translate each sentence. Reply with JSON only, in this form: {"translations": [{"id": 1, "en": "..."}, …]}\n'
                 + json.dumps(numbered, ensure_ascii=False))
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "\n\n".join(parts)}]


def single_messages(sentence: str) -> list[dict[str, str]]:
    """The retry for one sentence: plain text in, plain text out."""
    return [{"role": "system", "content": SYSTEM},
            {"role": "user", "content": f"Translate into English. Reply with the English sentence only.\n\n{sentence}"}]


MAX_NEW_TOKENS = 4096  # the longest reply asked of an LLM, in process or behind an endpoint


def reply_budget(messages: list[dict[str, str]]) -> int:
    """New tokens to allow for the reply: the sentences asked (the numbered JSON, or the one
    sentence), about three tokens a Chinese character at most, plus each item's JSON."""
    asked = messages[-1]["content"]
    asked = asked[asked.rindex("\n[") :] if "\n[" in asked else asked
    return 3 * len(asked) + 64


def read_group_reply(reply: str, count: int) -> list[str] | None:
    """The translations of a group's reply, in id order, or None when the reply is not one
    JSON object holding a non-empty translation for every id 1..count (malformed or misaligned)."""
    match = re.search(r"\{.*\}", reply, re.S)
    if not match:
        return None
    try:
        data = json.loads(match.group())
    except ValueError:
        return None
    items = data.get("translations") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return None
    found: dict[int, str] = {}
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("id"), int) and isinstance(item.get("en"), str) and item["en"].strip():
            found[item["id"]] = " ".join(item["en"].split())
    if sorted(found) != list(range(1, count + 1)):
        return None
    return [found[i] for i in range(1, count + 1)]


def read_single_reply(reply: str) -> str:
    """A plain reply's sentence: the first non-empty line, quotes and labels removed."""
    lines = [line.strip() for line in reply.strip().splitlines() if line.strip()]
    text = lines[0] if lines else ""
    text = re.sub(r"^(?:English|Translation)\s*[:：]\s*", "", text, flags=re.I)
    return text.strip().strip('"“”').strip()


class ContextTooLong(Exception):
    """The request does not fit the model's context: the group is asked again in halves."""


def translate_in_groups(sentences: Sequence[str], chat: Callable[[list[dict[str, str]]], str],
                        on_result: Callable[[int, str], None] | None = None) -> tuple[list[str], int]:
    """Every sentence's translation through ``chat(messages) -> reply``, a group at a time,
    in order (each group's context is what came before it); and how many sentences were
    asked again one at a time. A group too long for the model's context is split in halves
    (a small-context model, a tokenizer that spends several tokens on a character), and a
    sentence alone is asked without its context before it is given up."""
    out: list[str] = []
    retried = 0
    pending = [(start, min(start + GROUP, len(sentences)), True) for start in range(0, len(sentences), GROUP)][::-1]
    while pending:
        start, stop, with_context = pending.pop()
        group = list(sentences[start:stop])
        context = list(zip(sentences[max(0, start - CONTEXT):start], out[max(0, start - CONTEXT):start])) if with_context else []
        try:
            translations = read_group_reply(chat(group_messages(group, context)), len(group))
            if translations is None:
                translations = [read_single_reply(chat(single_messages(s))) for s in group]
                retried += len(group)
        except ContextTooLong as err:
            if len(group) == 1 and not context:
                raise ModelError(f"one sentence does not fit the model's context ({err})",
                                 hint="use a model with a longer context, or split the sentence") from None
            middle = (start + stop) // 2
            pending += [(start, stop, False)] if len(group) == 1 else [(middle, stop, with_context), (start, middle, with_context)]
            continue
        for offset, text in enumerate(translations):
            out.append(text)
            if on_result:
                on_result(start + offset, text)
    return out, retried


class PromptedEngine:
    """``translate`` and ``align`` of the engines that answer chats (``_chat(messages) ->
    reply``): groups through ``translate_in_groups``; no alignment (an LLM's attention is not
    one), so a repaired term goes to its proportional position."""

    retried = 0  # sentences asked again one at a time (malformed or misaligned replies)

    def _chat(self, messages: list[dict[str, str]]) -> str:
        raise NotImplementedError

    def _ready(self) -> None:
        """Load what the first chat needs (nothing, for an endpoint)."""

    def translate(
        self, sentences: Sequence[str], on_result: Callable[[int, list[Hypothesis]], None] | None = None
    ) -> list[list[Hypothesis]]:
        if not sentences:
            return []
        self._ready()
        texts, retried = translate_in_groups(
            sentences, self._chat, (lambda i, text: on_result(i, [Hypothesis(text, 0.0)])) if on_result else None)
        self.retried += retried
        return [[Hypothesis(text, 0.0)] for text in texts]

    def align(
        self, pairs: Sequence[tuple[str, str]], on_result: Callable[[int], None] | None = None
    ) -> list[tuple[tuple[int, int, int], ...]]:
        for i in range(len(pairs)):
            if on_result:
                on_result(i)
        return [() for _ in pairs]


def chat_template(folder: Path) -> str:
    """The model's chat template (``tokenizer_config.json``'s ``chat_template``, or a
    ``chat_template.jinja`` beside it, as recent models ship it)."""
    if (folder / "chat_template.jinja").is_file():
        return (folder / "chat_template.jinja").read_text(encoding="utf-8")
    try:
        config = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        config = {}
    template = config.get("chat_template") if isinstance(config, dict) else None
    if isinstance(template, list):  # several named templates: the default one
        template = next((t.get("template") for t in template if isinstance(t, dict) and t.get("name") == "default"), None)
    if not isinstance(template, str) or not template:
        raise InstallError("has tokenizer.json but no chat template (tokenizer_config.json's chat_template or chat_template.jinja)",
                           path=folder, hint="copy the model's tokenizer_config.json into the folder when converting it (--copy_files)")
    return template


def render_chat(folder: Path, messages: list[dict[str, str]]) -> str:
    """The prompt text the model was trained on, rendered as transformers renders it
    (a sandboxed Jinja2 environment, the generation prompt added)."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    try:
        config = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        config = {}

    def special(name: str) -> str:
        token = config.get(name, "")
        return token.get("content", "") if isinstance(token, dict) else token or ""

    def raise_exception(message: str):
        raise InstallError(f"its chat template refused the prompt ({message})", path=folder)

    environment = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
    environment.globals["raise_exception"] = raise_exception
    return environment.from_string(chat_template(folder)).render(
        messages=messages, add_generation_prompt=True, bos_token=special("bos_token"), eos_token=special("eos_token"))
