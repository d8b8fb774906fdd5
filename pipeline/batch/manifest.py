"""What a batch remembers in its output folder: per article, the stamp of what its outputs
were made from and the files it wrote (the manifest), the articles written since the
manifest was last saved (the journal, one line each, so that any kill loses nothing), and
a lock so that two batches never write into one folder at once."""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import OutputError
from pipeline.write.atomic import write_text_atomically

MANIFEST = ".bilingual-batch.json"
JOURNAL = ".bilingual-batch.journal"
LOCK = ".bilingual-batch.lock"


def load_manifest(out_dir: Path) -> dict[str, dict]:
    """The manifest, with the journal of articles written since it was last saved (a batch
    killed by SIGKILL or the OOM killer leaves its journal: the rerun resumes from it)."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        entries = data["articles"] if data.get("version") == 1 else {}
    except (OSError, ValueError, KeyError, TypeError):
        entries = {}  # no manifest, or one we cannot trust: everything is rebuilt
    try:
        journal = (out_dir / JOURNAL).read_text(encoding="utf-8").splitlines()
    except OSError:
        journal = []
    for line in journal:
        try:
            record = json.loads(line)
            entries[record["relative"]] = record["entry"]
        except (ValueError, KeyError, TypeError):
            continue  # a line cut short by the kill
    return entries


def save_manifest(out_dir: Path, entries: dict[str, dict]) -> None:
    text = json.dumps({"version": 1, "articles": dict(sorted(entries.items()))}, ensure_ascii=False, indent=1) + "\n"
    write_text_atomically(out_dir / MANIFEST, text)
    (out_dir / JOURNAL).unlink(missing_ok=True)  # all in the manifest now


def journal(out_dir: Path, relative: str, entry: dict) -> None:
    """Record one written article at once, one line appended and flushed to disk."""
    with open(out_dir / JOURNAL, "a", encoding="utf-8") as f:
        f.write(json.dumps({"relative": relative, "entry": entry}, ensure_ascii=False) + "\n")
        f.flush()
        os.fsync(f.fileno())


@contextmanager
def folder_lock(out_dir: Path):
    """One batch at a time in an output folder: a second would overwrite the first's
    manifest. The lock is the kernel's (``flock``), so a killed batch never leaves it held."""
    import fcntl

    handle = open(out_dir / LOCK, "a")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError("another batch is writing into this folder", path=out_dir,
                              hint="wait for it to finish, or give this one another -o folder") from None
        yield
    finally:
        handle.close()
