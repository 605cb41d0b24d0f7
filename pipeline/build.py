"""Build events from article files: read, extract, validate, write atomically."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from . import schema
from .articles import ArticleError, find_article_files, read_article
from .events import article_event_rows, events_frame, skipped_frame
from .store import skipped_path_for, write_table


@dataclass
class BuildResult:
    """Everything one build produced, with counts for the summary line."""

    events: pd.DataFrame
    skipped: pd.DataFrame
    errors: list[ArticleError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    articles: int = 0
    seconds: float = 0.0

    @property
    def sentences(self) -> int:
        return len(self.events) + len(self.skipped)

    def summary(self) -> str:
        """The one-line summary the CLI prints."""
        return (f"articles={self.articles} sentences={self.sentences} events={len(self.events)} "
                f"skipped={len(self.skipped)} errors={len(self.errors)} seconds={self.seconds:.2f}")


def _unique_ids(paths: list[Path]) -> dict[Path, str]:
    ids: dict[Path, str] = {}
    seen: dict[str, int] = {}
    for p in paths:
        stem = p.stem
        seen[stem] = seen.get(stem, 0) + 1
    used: set[str] = set()
    for p in paths:
        stem = p.stem
        if seen[stem] > 1:
            import hashlib

            stem = f"{stem}-{hashlib.sha1(str(p.resolve()).encode()).hexdigest()[:8]}"
        while stem in used:
            stem += "_"
        used.add(stem)
        ids[p] = stem
    return ids


def build_events(paths: Iterable[str | Path], progress: Callable[[Iterable], Iterable] | None = None) -> BuildResult:
    """Events and skip report for all article files under `paths`; unreadable files become errors."""
    started = time.perf_counter()
    files, errors = find_article_files(list(paths))
    ids = _unique_ids(files)
    events, skipped, notes = [], [], []
    count = 0
    iterator = progress(files) if progress else files
    for path in iterator:
        try:
            article = read_article(path)
        except ArticleError as exc:
            errors.append(exc)
            continue
        article = type(article)(**{**article.__dict__, "article_id": ids[path]})
        result = article_event_rows(article)
        count += 1
        events.extend(result.events)
        skipped.extend(result.skipped)
        notes.extend(result.notes)
    ev = events_frame(events)
    sk = skipped_frame(skipped)
    schema.validate_events(ev)
    return BuildResult(ev, sk, errors, notes, count, time.perf_counter() - started)


def write_build(result: BuildResult, out: str | Path) -> tuple[Path, Path]:
    """Write events and the skip report (`<stem>.skipped.jsonl`) atomically."""
    out = Path(out)
    write_table(result.events, out)
    skipped_out = skipped_path_for(out)
    write_table(result.skipped, skipped_out)
    return out, skipped_out
