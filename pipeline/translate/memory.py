"""The translation memory: an SQLite cache of what the engine produced for a source text.

Keyed by the protected source sentence (glossary targets written in), the engine package
and version, and the decoding settings, so a re-run of an unchanged article makes no model
call, and a re-run after one glossary entry changed translates only the sentences whose
protected text changed. WAL mode lets two runs share one file.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

from pipeline.errors import CacheError


def default_cache_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "bilingual-edition" / "tm.sqlite"


def open_memory(path: Path | None = None, *, enabled: bool = True) -> "TranslationMemory | None":
    """The memory at ``path`` (default ``~/.cache/bilingual-edition/tm.sqlite``), or None
    when the user asked for none (``--no-cache``)."""
    return TranslationMemory(path or default_cache_path()) if enabled else None


SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    key TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    engine TEXT NOT NULL,
    value TEXT NOT NULL,
    origin TEXT NOT NULL DEFAULT 'mt',
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS human (
    source TEXT PRIMARY KEY,
    target TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created REAL NOT NULL
);
"""


def cache_key(source: str, engine_key: str) -> str:
    return hashlib.sha256(f"{engine_key}\x00{source}".encode("utf-8")).hexdigest()


class TranslationMemory:
    def __init__(self, path: Path):
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), timeout=30.0)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(SCHEMA)
            self._db.commit()
        except (sqlite3.Error, OSError) as err:
            raise CacheError(f"cannot open the translation memory ({err})", path=path, hint="pass --no-cache or --cache PATH") from None

    def get_many(self, sources: Iterable[str], engine_key: str) -> dict[str, list[dict]]:
        found: dict[str, list[dict]] = {}
        for source in sources:
            row = self._db.execute(
                "SELECT value FROM translations WHERE key = ?", (cache_key(source, engine_key),)
            ).fetchone()
            if row is not None:
                found[source] = json.loads(row[0])
        return found

    def put_many(self, items: dict[str, list[dict]], engine_key: str) -> None:
        now = time.time()
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO translations (key, source, engine, value, origin, created) VALUES (?, ?, ?, ?, 'mt', ?)",
                [
                    (cache_key(source, engine_key), source, engine_key, json.dumps(value, ensure_ascii=False), now)
                    for source, value in items.items()
                ],
            )

    def put_human(self, source: str, target: str, note: str = "") -> None:
        """A reviewer's translation of a segment's Chinese: it wins over MT on later runs,
        whatever the engine."""
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO human (source, target, note, created) VALUES (?, ?, ?, ?)",
                (source, target, note, time.time()),
            )

    def human(self, sources: Iterable[str]) -> dict[str, str]:
        found = {}
        for source in sources:
            row = self._db.execute("SELECT target FROM human WHERE source = ?", (source,)).fetchone()
            if row is not None:
                found[source] = row[0]
        return found

    def stats(self) -> dict[str, int]:
        count = self._db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
        engines = self._db.execute("SELECT COUNT(DISTINCT engine) FROM translations").fetchone()[0]
        human = self._db.execute("SELECT COUNT(*) FROM human").fetchone()[0]
        size = self.path.stat().st_size if self.path.exists() else 0
        return {"entries": count, "engines": engines, "human": human, "bytes": size}

    def stats_line(self) -> str:
        """``cache stats``: the file, entries, engine settings, reviewed entries, bytes."""
        stats = self.stats()
        return (f"{self.path}\t{stats['entries']} entries\t{stats['engines']} engine settings\t"
                f"{stats['human']} reviewed\t{stats['bytes']} bytes")

    def clear(self) -> int:
        with self._db:
            removed = self._db.execute("DELETE FROM translations").rowcount
            removed += self._db.execute("DELETE FROM human").rowcount
        self._db.execute("VACUUM")
        return removed

    def close(self) -> None:
        self._db.close()
