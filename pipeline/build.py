"""Build events from article files: read, extract, validate, write atomically."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from . import schema
from .articles import ArticleError, find_article_files, read_article
from .events import article_event_rows, events_frame, skipped_frame
from .store import atomic_write_bytes, skipped_path_for, write_table


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


def write_build(result: BuildResult, out: str | Path, inputs: list[str | Path] | None = None) -> tuple[Path, Path]:
    """Write events and the skip report (`<stem>.skipped.jsonl`) atomically; with `inputs`,
    also `<stem>.meta.json`, which says what the output was built from (see is_current)."""
    out = Path(out)
    write_table(result.events, out)
    skipped_out = skipped_path_for(out)
    write_table(result.skipped, skipped_out)
    if inputs is not None:
        meta = {"inputs": inputs_digest(inputs), "pipeline": pipeline_version()}
        atomic_write_bytes(meta_path_for(out), json.dumps(meta, indent=1).encode("utf-8"))
    return out, skipped_out


def meta_path_for(out: str | Path) -> Path:
    """Where the build record of an output goes: `<stem>.meta.json` beside it."""
    out = Path(out)
    return out.with_name(f"{out.stem}.meta.json")


def pipeline_version() -> str:
    """A hash of the pipeline's code and resource files: output from another version is stale."""
    root = Path(__file__).parent
    h = hashlib.sha1()
    for f in sorted(list(root.rglob("*.py")) + list(root.rglob("*.yaml"))):
        h.update(f.relative_to(root).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def inputs_digest(paths: list[str | Path]) -> str:
    """A hash of the contents of the article files under `paths`."""
    files, _ = find_article_files([p for p in paths if Path(p).exists()])
    h = hashlib.sha1()
    for f in files:
        h.update(str(f).encode())
        h.update(hashlib.sha1(f.read_bytes()).digest())
    return h.hexdigest()


def is_current(out: str | Path, inputs: list[str | Path]) -> bool:
    """Whether `out` was built from exactly these inputs by this version of the pipeline."""
    out = Path(out)
    meta = meta_path_for(out)
    if not out.exists() or not meta.exists():
        return False
    try:
        recorded = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return recorded == {"inputs": inputs_digest(inputs), "pipeline": pipeline_version()}
