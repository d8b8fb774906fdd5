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
from collections.abc import Callable, Iterable
from pathlib import Path

from pipeline.errors import CacheError


def default_cache_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "bilingual-edition" / "tm.sqlite"


def open_memory(path: Path | None = None, *, enabled: bool = True, existing: bool = False) -> "TranslationMemory | None":
    """The memory at ``path`` (default ``~/.cache/bilingual-edition/tm.sqlite``), or None
    when the user asked for none (``--no-cache``). With ``existing``, for commands that
    only read or clear it, a missing file is an error rather than a new, empty memory."""
    if not enabled:
        return None
    path = path or default_cache_path()
    if existing and not path.is_file():
        raise CacheError("no translation memory here", path=path,
                         hint="check the --cache path; a run creates the memory at its first translation")
    return TranslationMemory(path)


# Alignments share the table with translations; their source starts with this (translate.stage).
ALIGNMENT_PREFIX = "align\x00"
# The names and terms a prepared text repeats that its glossary lacks (``glossary suggest``'s
# evidence, the slowest part of a run answered by the memory: jieba tags every word), kept
# by a digest of the text and the glossary, so a book's re-run does not tag it again.
SUGGESTIONS_KEY = "glossary-suggest-1"  # in the engine column: bump when the evidence changes

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


def clear_memory(path: Path | None, *, reviewed: bool, confirm: Callable[[str], bool] | None) -> str:
    """``cache clear``: after ``confirm(question)`` says yes (None: asked already, ``--yes``),
    forget the machine translations, and the reviewed ones with ``reviewed``."""
    memory = open_memory(path, existing=True)
    s = memory.stats()
    what = f"{s['translations']} machine translations and {s['alignments']} alignments"
    if reviewed:
        what += f", and {s['human']} reviewed translations"
    if confirm is not None and not confirm(f"forget {what} in {memory.path}?"):
        return "nothing removed"
    machine, human = memory.clear(reviewed=reviewed)
    kept = "" if reviewed or not s["human"] else f"; kept {s['human']} reviewed translations (--all removes them)"
    return f"removed {machine} entries{f' and {human} reviewed translations' if human else ''} from {memory.path}{kept}"


COLUMNS = {"translations": {"key", "source", "engine", "value", "origin", "created"},
           "human": {"source", "target", "note", "created"}}
MOVE_ASIDE = "move it aside (a new one is made), or pass --no-cache or --cache PATH"


class TranslationMemory:
    """The memory file, checked when opened: a damaged file or one of another schema is
    an error that says what to do; a file this user may not write is used read-only (with
    a warning in ``warnings``), so a shared, read-only memory still answers."""

    def __init__(self, path: Path):
        self.path = path
        self.warnings: list[str] = []
        self.read_only = path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))
        try:
            if self.read_only:
                immutable = "&immutable=1" if not os.access(path.parent, os.W_OK) else ""
                self._db = sqlite3.connect(f"file:{path}?mode=ro{immutable}", uri=True, timeout=30.0)
                self.warnings.append(f"{path}: the translation memory is read-only: it is read, nothing new is stored in it")
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(str(path), timeout=30.0)
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._db.executescript(SCHEMA)
                self._db.commit()
            self._check_schema()
            self._check_pages()
        except CacheError:
            raise
        except sqlite3.DatabaseError as err:
            raise CacheError(f"is not a usable translation memory ({err})", path=path, hint=MOVE_ASIDE) from None
        except (sqlite3.Error, OSError) as err:
            raise CacheError(f"cannot open the translation memory ({err})", path=path, hint="pass --no-cache or --cache PATH") from None

    def _check_pages(self) -> None:
        """A file whose header opens but whose pages are damaged failed at the first query
        (``database disk image is malformed``), in the middle of a run: checked here instead,
        when it is small enough to check in a moment (SQLite's quick_check reads every page)."""
        if self.path.stat().st_size > 256 * 1024 * 1024:
            return
        verdict = self._db.execute("PRAGMA quick_check(1)").fetchone()
        if verdict and verdict[0] != "ok":
            detail = " ".join(verdict[0].replace("*** in database main ***", "").split())[:120]
            raise CacheError(f"is damaged ({detail})", path=self.path, hint=MOVE_ASIDE)

    def _check_schema(self) -> None:
        for table, columns in COLUMNS.items():
            found = {row[1] for row in self._db.execute(f"PRAGMA table_info({table})")}
            if not columns <= found:
                raise CacheError(f"has an older or foreign layout (table {table}: {', '.join(sorted(columns - found)) or 'missing'})",
                                 path=self.path, hint=MOVE_ASIDE)

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
        if self.read_only:
            return
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
        if self.read_only:
            raise CacheError("is read-only: the reviewed translations cannot be stored", path=self.path,
                             hint="pass --cache PATH with a memory you may write")
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
        """Machine translations (one per distinct protected sentence or speaker label and
        engine setting), stored alignments (the word links that place repaired terms), the
        reviewers' translations, engine settings, bytes."""
        total = self._db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
        alignments = self._db.execute(
            "SELECT COUNT(*) FROM translations WHERE substr(source, 1, ?) = ?", (len(ALIGNMENT_PREFIX), ALIGNMENT_PREFIX)
        ).fetchone()[0]
        suggestions = self._db.execute("SELECT COUNT(*) FROM translations WHERE engine = ?", (SUGGESTIONS_KEY,)).fetchone()[0]
        engines = self._db.execute("SELECT COUNT(DISTINCT engine) FROM translations WHERE engine != ?", (SUGGESTIONS_KEY,)).fetchone()[0]
        human = self._db.execute("SELECT COUNT(*) FROM human").fetchone()[0]
        size = self.path.stat().st_size if self.path.exists() else 0
        return {"translations": total - alignments - suggestions, "alignments": alignments, "human": human, "engines": engines, "bytes": size}

    def stats_line(self) -> str:
        """``cache stats``: what each number counts, tab-separated."""
        s = self.stats()
        return (f"{self.path}\t{s['translations']} machine translations\t{s['alignments']} alignments\t"
                f"{s['human']} reviewed translations\t{s['engines']} engine settings\t{s['bytes']} bytes")

    def clear(self, *, reviewed: bool = False) -> tuple[int, int]:
        """Forget the machine translations and alignments; the reviewers' translations too
        only when ``reviewed`` (they are human work). Returns both counts removed."""
        if self.read_only:
            raise CacheError("is read-only: nothing can be cleared", path=self.path)
        with self._db:
            machine = self._db.execute("DELETE FROM translations WHERE engine != ?", (SUGGESTIONS_KEY,)).rowcount
            self._db.execute("DELETE FROM translations")  # and the remembered likely names, found again as needed
            human = self._db.execute("DELETE FROM human").rowcount if reviewed else 0
        self._db.execute("VACUUM")
        return machine, human

    def close(self) -> None:
        self._db.close()
