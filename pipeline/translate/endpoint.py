"""An OpenAI-compatible chat endpoint as the translator: llama.cpp's server, Ollama, vLLM,
or any server speaking ``POST /v1/chat/completions`` — the engine users run at scale on GPUs.
The prompt and the reading of replies are ``pipeline.translate.prompt``'s; temperature 0.
Every request has a time-out, and a server that cannot be reached is one line."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from pipeline.document import EngineInfo
from pipeline.errors import ModelError, UsageError
from pipeline.translate.prompt import MAX_NEW_TOKENS, PROMPT_VERSION, ContextTooLong, PromptedEngine, reply_budget

REQUEST_TIMEOUT = 600.0  # an LLM on a CPU takes minutes over a group; a dead server fails sooner (connection refused)


class ChatEndpointEngine(PromptedEngine):
    name = "openai-chat"
    settings = None

    def __init__(self, url: str, model: str | None = None, *, timeout: float = REQUEST_TIMEOUT):
        self.url = url.rstrip("/")
        self.model = model
        self.timeout = timeout
        self.device = "endpoint"
        self.warnings: list[str] = []
        self._served: str | None = None

    @classmethod
    def from_option(cls, option: str, model: str | None = None) -> ChatEndpointEngine:
        """``--engine openai:URL``: the URL of the API's root (``…/v1``)."""
        kind, _, url = option.partition(":")
        if kind != "openai" or not url.startswith(("http://", "https://")):
            raise UsageError(f"--engine {option!r} is not openai:URL", hint="e.g. --engine openai:http://127.0.0.1:8080/v1")
        return cls(url, model)

    @property
    def served_model(self) -> str:
        """The model asked for, else the first the server lists (``GET /models``)."""
        if self._served is None:
            self._served = self.model or self._first_model()
        return self._served

    @property
    def info(self) -> EngineInfo:
        return EngineInfo(self.name, self.served_model, self.url, self.device)

    @property
    def cache_key(self) -> str:
        return f"{self.name}|{self.url}|{self.served_model}|prompt={PROMPT_VERSION}|t=0"

    def _request(self, path: str, body: dict | None = None) -> dict:
        data = json.dumps(body).encode("utf-8") if body is not None else None
        request = urllib.request.Request(f"{self.url}{path}", data=data, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as err:
            detail = err.read()[:400].decode("utf-8", "replace")
            if err.code in (400, 413) and "context" in detail.lower() and body and len(body.get("messages", [])) and "\n[" in body["messages"][-1]["content"]:
                raise ContextTooLong(detail) from None  # a group too long: asked again in halves
            raise ModelError(f"the chat endpoint answered {err.code} to {path} ({detail})", path=None,
                             hint="is --model the name the server serves?") from None
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as err:
            raise ModelError(f"cannot reach the chat endpoint at {self.url} ({getattr(err, 'reason', err)})",
                             hint="is the server running, and is the URL its API root (…/v1)?") from None

    def _first_model(self) -> str:
        models = self._request("/models").get("data") or []
        ids = [m.get("id") for m in models if isinstance(m, dict) and isinstance(m.get("id"), str)]
        if not ids:
            raise ModelError(f"the chat endpoint at {self.url} lists no model", hint="pass --model NAME")
        return ids[0]

    def _chat(self, messages: list[dict[str, str]]) -> str:
        reply = self._request("/chat/completions", {
            "model": self.served_model, "messages": messages, "temperature": 0, "seed": 0,
            "max_tokens": min(MAX_NEW_TOKENS, reply_budget(messages))})
        try:
            return str(reply["choices"][0]["message"]["content"] or "")
        except (KeyError, IndexError, TypeError):
            raise ModelError(f"the chat endpoint's reply has no message ({str(reply)[:160]})") from None
