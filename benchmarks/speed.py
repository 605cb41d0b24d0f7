"""Benchmark: pipeline sentences per second against plain dateparser.search_dates, one core.

    .venv/bin/python -m benchmarks.speed [--repeat N]

Uses ../shared/corpus/id/ (Indonesian news) when present, else seeds/. Both sides see the
same sentences, on one core, and every pass runs in a fresh process (so no pass finds what an
earlier one cached), the two sides in turns; the medians of --repeat passes are reported. A
pass reports its start-up (imports, lexicons, the first sentence) apart from the work on the
sentences; the pipeline's gazetteer cache is warm (benchmarks.scale measures cold builds).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _files() -> list[Path]:
    corpus = ROOT.parent / "shared" / "corpus" / "id"
    return sorted(corpus.glob("id*.txt")) if corpus.is_dir() else sorted((ROOT / "seeds").glob("*.txt"))


def _pass(side: str) -> dict:
    """One pass of one side in this (fresh) process: start-up and work seconds, sentences, peak MB."""
    t0 = time.perf_counter()
    from pipeline.ingest.articles import read_article
    from pipeline.ingest.sentences import split_sentences

    articles = [read_article(f) for f in _files()]
    if side == "pipeline":
        from pipeline.build.article import article_event_rows

        article_event_rows(articles[0])  # lexicons and gazetteer loaded
        startup = time.perf_counter() - t0
        t = time.perf_counter()
        for a in articles:
            article_event_rows(a)
        work = time.perf_counter() - t
        sentences = sum(len(split_sentences(a.text, "id")) for a in articles)
    else:
        from dateparser.search import search_dates

        texts = [s.text for a in articles for s in split_sentences(a.text, "id")]
        search_dates(texts[0], languages=["id"])
        startup = time.perf_counter() - t0
        t = time.perf_counter()
        for text in texts:
            search_dates(text, languages=["id"], settings={"DATE_ORDER": "DMY"})
        work = time.perf_counter() - t
        sentences = len(texts)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"startup": startup, "work": work, "sentences": sentences, "peak_mb": peak}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="passes of each side, each in a fresh process (default 7)")
    parser.add_argument("--pass", dest="one_pass", choices=("pipeline", "search_dates"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one_pass:
        print(json.dumps(_pass(args.one_pass)))
        return 0

    runs: dict[str, list[dict]] = {"pipeline": [], "search_dates": []}
    for _ in range(max(1, args.repeat)):
        for side in runs:
            done = subprocess.run([sys.executable, "-m", "benchmarks.speed", "--pass", side], cwd=ROOT,
                                  capture_output=True, text=True, check=True)
            runs[side].append(json.loads(done.stdout.strip().splitlines()[-1]))
    med = {side: {k: statistics.median(r[k] for r in rs) for k in ("startup", "work", "peak_mb")} for side, rs in runs.items()}
    n = runs["pipeline"][0]["sentences"]
    print(f"articles={len(_files())} sentences={n} (search_dates: {runs['search_dates'][0]['sentences']}); "
          f"medians of {max(1, args.repeat)} fresh processes per side, one core")
    for side in runs:
        m = med[side]
        print(f"{side + ':':14}{n / m['work']:8.0f} sentences/s ({m['work']:.2f} s, start-up {m['startup']:.2f} s, "
              f"peak {m['peak_mb']:.0f} MB)")
    print(f"ratio (pipeline / search_dates speed): {med['search_dates']['work'] / med['pipeline']['work']:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
