"""Per-article build cache: the rows an article gave, keyed by a hash of its bytes, its id and
path, and the pipeline version, in SQLite (many readers and writers, no home-made locking).

An unchanged article is not processed again; a changed file, a renamed file or a new pipeline
version (code or resource files) misses, so a stale row can never be returned.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import random
import sqlite3
import time
from pathlib import Path

from .. import schema
from .article import ArticleRows

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    key TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
    rows TEXT NOT NULL
)
"""


def article_key(data: bytes, path: str, article_id: str, version: str) -> str:
    """The cache key of one article file's content as read from `path` under `article_id`."""
    h = hashlib.sha256()
    for part in (version.encode(), article_id.encode(), str(path).encode()):
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    h.update(data)
    return h.hexdigest()


def _dump(rows: ArticleRows) -> str:
    return json.dumps({"events": rows.events, "skipped": rows.skipped, "language": rows.language,
                       "notes": list(rows.notes)}, ensure_ascii=False)


def _load(text: str) -> ArticleRows:
    """The rows of a cache entry, checked against the declared tables: a row this version
    cannot use (damaged, or of the wrong shape) raises, and the entry counts as a miss."""
    d = json.loads(text)
    rows = ArticleRows(d["events"], d["skipped"], d["language"], tuple(d["notes"]))
    if not isinstance(rows.language, str) or not all(isinstance(n, str) for n in rows.notes):
        raise ValueError("cache entry: language or notes of the wrong type")
    schema.check_event_rows(rows.events)
    schema.check_skipped_rows(rows.skipped)
    return rows


class ArticleCache:
    """A SQLite file of ArticleRows by article_key. Safe to share between processes: SQLite's
    write-ahead log and busy timeout serialise writers; each put is one transaction."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        # Switching to the write-ahead log needs a moment alone with the file, and SQLite does
        # not wait for it (the busy timeout does not apply): several processes opening a new
        # cache at once retry. Once in WAL mode the file stays so.
        for attempt in range(100):
            try:
                if self._db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    self._db.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError:
                if attempt == 99:
                    raise
                time.sleep(0.05 + random.random() * 0.05)
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(_SCHEMA)

    def get_many(self, keys: list[str]) -> dict[str, ArticleRows]:
        """The cached rows of those keys that are present."""
        out: dict[str, ArticleRows] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for key, text in self._db.execute(f"SELECT key, rows FROM articles WHERE key IN ({marks})", chunk):
                with contextlib.suppress(ValueError, KeyError, TypeError, AttributeError):  # unusable: a miss, overwritten below
                    out[key] = _load(text)
        return out

    def put_many(self, items: list[tuple[str, str, ArticleRows]]) -> None:
        """Store (key, article_id, rows) items in one transaction."""
        if not items:
            return
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany("INSERT OR REPLACE INTO articles (key, article_id, rows) VALUES (?, ?, ?)",
                                 [(k, a, _dump(r)) for k, a, r in items])

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ArticleCache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
