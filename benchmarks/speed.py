"""Benchmark: pipeline sentences per second against plain dateparser.search_dates.

    .venv/bin/python -m benchmarks.speed [--repeat N]

Uses ../shared/corpus/id/ (Indonesian news) when present, else seeds/. Both sides see the
same sentences; the pipeline is timed with its lexicons loaded (their one-off start-up is
reported separately) and without the per-sentence results of earlier passes.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _articles():
    from pipeline.ingest.articles import read_article

    corpus = ROOT.parent / "shared" / "corpus" / "id"
    files = sorted(corpus.glob("id*.txt")) if corpus.is_dir() else sorted((ROOT / "seeds").glob("*.txt"))
    return [read_article(f) for f in files]


def _clear_sentence_caches() -> None:
    """Forget the per-sentence results the pipeline caches (its bounded lru caches): a second
    pass over the same articles would otherwise find them ready. The lexicons stay loaded."""
    import importlib

    for name in ("extract.actors", "extract.casualties", "extract.dates", "extract.event_types", "extract.numbers",
                 "extract.places", "resources", "ingest.sentences"):
        for obj in vars(importlib.import_module(f"pipeline.{name}")).values():
            info = getattr(obj, "cache_info", None)
            if info is not None and (info().maxsize or 0) > 1:
                obj.cache_clear()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="passes over the articles (default 5)")
    args = parser.parse_args(argv)

    from dataclasses import replace

    from pipeline.build.article import article_event_rows, events_frame
    from pipeline.ingest.sentences import split_sentences

    t0 = time.perf_counter()
    articles = _articles()
    article_event_rows(articles[0])
    startup = time.perf_counter() - t0

    batch = [replace(a, article_id=f"{a.article_id}-{i}") for i in range(args.repeat) for a in articles]
    t = time.perf_counter()
    rows = []
    for i, a in enumerate(batch):
        if i % len(articles) == 0:
            _clear_sentence_caches()  # each pass starts as a fresh process would (clearing takes microseconds)
        rows.extend(article_event_rows(a).events)
    events_frame(rows)
    pipeline_s = time.perf_counter() - t
    sentences = sum(len(split_sentences(a.text, "id")) for a in batch)

    from dateparser.search import search_dates

    texts = [s.text for a in articles for s in split_sentences(a.text, "id")]
    search_dates(texts[0], languages=["id"])
    t = time.perf_counter()
    for _ in range(args.repeat):
        for text in texts:
            search_dates(text, languages=["id"], settings={"DATE_ORDER": "DMY"})
    naive_s = time.perf_counter() - t

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles={len(batch)} sentences={sentences}")
    print(f"pipeline:     {sentences / pipeline_s:8.0f} sentences/s ({pipeline_s:.2f} s, start-up {startup:.2f} s)")
    print(f"search_dates: {sentences / naive_s:8.0f} sentences/s ({naive_s:.2f} s)")
    print(f"ratio (pipeline / search_dates speed): {naive_s / pipeline_s:.2f}x; peak memory {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
